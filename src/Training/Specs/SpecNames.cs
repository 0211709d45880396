using System.Text.Json;

namespace Sweep.Training.Specs;

/// <summary>Maps enum members to the snake_case names users write (<c>L1L2</c> is <c>l1_l2</c>).</summary>
internal static class SpecNames
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static IReadOnlyList<string> All<TEnum>()
        where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(Of).ToArray();

    public static bool TryParse<TEnum>(string name, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (Of(candidate) == name)
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
