using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sweep.Training.Specs;

/// <summary>
/// Reads one mapping of a description, remembering the key path so that every error can say
/// where it is and what is allowed. Keys that were never read are rejected by <see cref="EnsureNoUnknownKeys"/>.
/// </summary>
internal sealed class SpecObject
{
    private readonly JsonObject node;
    private readonly HashSet<string> known = new(StringComparer.Ordinal);

    public SpecObject(JsonNode? node, string path)
    {
        Path = path;
        this.node = node as JsonObject ?? throw new SpecException(path, $"expected a mapping, got {Describe(node)}");
    }

    public string Path { get; }

    public string KeyPath(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>The raw value of a key, for settings that take more than one form.</summary>
    public JsonNode? Raw(string key)
    {
        known.Add(key);
        return node[key];
    }

    public bool Has(string key)
    {
        known.Add(key);
        return node.ContainsKey(key) && node[key] is not null;
    }

    public int Int(string key, int? fallback, int min, int max = int.MaxValue)
    {
        var raw = Scalar(key);
        if (raw is null)
        {
            return fallback ?? throw Missing(key);
        }

        if (raw.GetValueKind() != JsonValueKind.Number || !TryWhole(Number(raw), out var value))
        {
            throw new SpecException(KeyPath(key), $"expected a whole number, got {Describe(raw)}");
        }

        if (value < min || value > max)
        {
            throw new SpecException(KeyPath(key), $"{value} is out of range; allowed: {Range(min, max)}");
        }

        return (int)value;
    }

    public double Double(string key, double? fallback, double min, double max = double.PositiveInfinity, bool minExclusive = false, bool maxExclusive = false)
    {
        var raw = Scalar(key);
        if (raw is null)
        {
            return fallback ?? throw Missing(key);
        }

        if (raw.GetValueKind() != JsonValueKind.Number)
        {
            throw new SpecException(KeyPath(key), $"expected a number, got {Describe(raw)}");
        }

        var value = Number(raw);
        var tooLow = minExclusive ? value <= min : value < min;
        var tooHigh = maxExclusive ? value >= max : value > max;
        if (double.IsNaN(value) || tooLow || tooHigh)
        {
            var lower = minExclusive ? $"> {Format(min)}" : $">= {Format(min)}";
            var upper = double.IsPositiveInfinity(max) ? "" : maxExclusive ? $" and < {Format(max)}" : $" and <= {Format(max)}";
            throw new SpecException(KeyPath(key), $"{Format(value)} is out of range; allowed: {lower}{upper}");
        }

        return value;
    }

    /// <summary>
    /// A list of whole numbers within [min, max]. With <paramref name="count"/> above 0 the list must have
    /// that length, and a single number stands for that many copies (<c>kernel_size: 3</c> is <c>[3, 3]</c>).
    /// </summary>
    public int[] Ints(string key, int[]? fallback, int count, int min, int max = int.MaxValue)
    {
        known.Add(key);
        var raw = node[key];
        if (raw is null)
        {
            return fallback ?? throw Missing(key);
        }

        if (raw is JsonArray array)
        {
            if (array.Count == 0 || (count > 0 && array.Count != count))
            {
                throw new SpecException(KeyPath(key), count > 0 ? $"expected {count} whole numbers, got {array.Count}" : "expected at least one whole number");
            }

            return array.Select((item, i) => new SpecObject(new JsonObject { [$"{i}"] = item?.DeepClone() }, KeyPath(key)).Int($"{i}", null, min, max)).ToArray();
        }

        if (count == 0)
        {
            throw new SpecException(KeyPath(key), $"expected a list of whole numbers, got {Describe(raw)}");
        }

        return Enumerable.Repeat(Int(key, null, min, max), count).ToArray();
    }

    public string? Text(string key) => Scalar(key) is { } raw
        ? raw.GetValueKind() == JsonValueKind.String ? raw.GetValue<string>() : raw.ToJsonString()
        : null;

    public bool Bool(string key, bool? fallback)
    {
        var raw = Scalar(key);
        if (raw is null)
        {
            return fallback ?? throw Missing(key);
        }

        return raw.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new SpecException(KeyPath(key), $"expected true or false, got {Describe(raw)}"),
        };
    }

    public string Choice(string key, string? fallback, IReadOnlyList<string> allowed)
    {
        var raw = Scalar(key);
        if (raw is null)
        {
            return fallback ?? throw Missing(key, allowed);
        }

        var text = raw.GetValueKind() == JsonValueKind.String ? raw.GetValue<string>() : raw.ToJsonString();
        if (!allowed.Contains(text))
        {
            throw new SpecException(KeyPath(key), $"'{text}' is not allowed{Suggest(text, allowed)}; allowed: {string.Join(", ", allowed)}");
        }

        return text;
    }

    public TEnum Enum<TEnum>(string key, TEnum? fallback)
        where TEnum : struct, Enum
    {
        var allowed = SpecNames.All<TEnum>();
        var name = Choice(key, fallback is { } f ? SpecNames.Of(f) : null, allowed);
        SpecNames.TryParse<TEnum>(name, out var value);
        return value;
    }

    public SpecObject Object(string key)
    {
        known.Add(key);
        return node[key] is { } child ? new SpecObject(child, KeyPath(key)) : throw Missing(key);
    }

    public IReadOnlyList<JsonNode?> Array(string key)
    {
        known.Add(key);
        return node[key] switch
        {
            JsonArray array => array.ToList(),
            null => throw Missing(key),
            var other => throw new SpecException(KeyPath(key), $"expected a list, got {Describe(other)}"),
        };
    }

    /// <summary>
    /// Declares every key this mapping may have and rejects any other at once, so that a misspelt
    /// key is reported as such rather than as a missing one.
    /// </summary>
    public void Allow(params string[] keys)
    {
        known.UnionWith(keys);
        EnsureNoUnknownKeys();
    }

    public void EnsureNoUnknownKeys()
    {
        foreach (var (key, _) in node)
        {
            if (!known.Contains(key))
            {
                var allowed = known.Order(StringComparer.Ordinal).ToArray();
                throw new SpecException(KeyPath(key), $"unknown key{Suggest(key, allowed)}; allowed here: {string.Join(", ", allowed)}");
            }
        }
    }

    internal static string Describe(JsonNode? node) => node switch
    {
        null => "nothing",
        JsonObject => "a mapping",
        JsonArray => "a list",
        _ when node.GetValueKind() == JsonValueKind.String => $"'{node.GetValue<string>()}'",
        _ => node.ToJsonString(),
    };

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private JsonValue? Scalar(string key)
    {
        known.Add(key);
        return node[key] switch
        {
            null => null,
            JsonValue value => value,
            var other => throw new SpecException(KeyPath(key), $"expected a single value, got {Describe(other)}"),
        };
    }

    private SpecException Missing(string key, IReadOnlyList<string>? allowed = null) =>
        new(KeyPath(key), allowed is null ? "is required" : $"is required; allowed: {string.Join(", ", allowed)}");

    // A value may hold any .NET number type (parsed, or set by an override), so go through its JSON text.
    private static double Number(JsonValue raw) => double.Parse(raw.ToJsonString(), CultureInfo.InvariantCulture);

    private static bool TryWhole(double number, out long value)
    {
        value = (long)number;
        return number == Math.Floor(number) && Math.Abs(number) < 1e15;
    }

    private static string Range(long min, long max) => max == int.MaxValue ? $">= {min}" : $"{min} to {max}";

    private static string Suggest(string text, IReadOnlyList<string> allowed)
    {
        // An abbreviation (val_acc for val_accuracy) is a near miss too, and so is a singular with another ending (retry for retries).
        var extension = allowed.FirstOrDefault(candidate => text.Length >= 3 && candidate.StartsWith(text, StringComparison.Ordinal))
            ?? allowed.FirstOrDefault(candidate => text.Length >= 5 && candidate.StartsWith(text[..^1], StringComparison.Ordinal));
        if (extension is not null)
        {
            return $" (did you mean '{extension}'?)";
        }

        var best = allowed
            .Select(candidate => (candidate, distance: EditDistance(text, candidate)))
            .Where(pair => pair.distance <= Math.Max(1, pair.candidate.Length / 3) && pair.distance < pair.candidate.Length)
            .OrderBy(pair => pair.distance)
            .FirstOrDefault();
        return best.candidate is null ? "" : $" (did you mean '{best.candidate}'?)";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
