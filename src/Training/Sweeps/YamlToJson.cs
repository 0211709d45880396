using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sweep.Training.Sweeps;

/// <summary>
/// Converts a YAML document to a JSON tree with YAML 1.2 core-schema typing of plain scalars
/// (numbers, booleans, null); quoted scalars stay strings.
/// </summary>
internal static class YamlToJson
{
    /// <exception cref="YamlException">The text is not valid YAML, or uses what sweep files do not allow.</exception>
    public static JsonNode? Convert(string yaml)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(yaml));
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some unterminated flow collections instead of with a
            // YamlException; its own message ("Operation is not valid...") would tell the user nothing.
            throw new YamlException(scanner.CurrentPosition, scanner.CurrentPosition, "the text cannot be read from here on; is a '[' or '{' left open?");
        }

        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode scalarKey
                        ? scalarKey.Value ?? ""
                        : throw new YamlException(key.Start, key.End, "a key must be a plain name, not a list or mapping");
                    if (obj.ContainsKey(name))
                    {
                        throw new YamlException(key.Start, key.End, $"duplicate key '{name}'");
                    }

                    obj[name] = Convert(value);
                }

                return obj;
            case YamlSequenceNode sequence:
                return new JsonArray(sequence.Children.Select(Convert).ToArray());
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new YamlException(node.Start, node.End, "aliases and tags are not supported");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return JsonValue.Create(whole);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }
}
