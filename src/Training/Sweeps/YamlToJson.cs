using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Sweep.Training.Sweeps;

/// <summary>
/// Converts a YAML document to a JSON tree with YAML 1.2 core-schema typing of plain scalars
/// (numbers, booleans, null); quoted scalars stay strings.
/// </summary>
internal static class YamlToJson
{
    /// <summary>The deepest nesting of mappings and lists read; the tutorial's files nest 4 deep.</summary>
    public const int MaxDepth = 32;

    /// <exception cref="YamlException">The text is not valid YAML, or uses what sweep files do not allow.</exception>
    public static JsonNode? Convert(string yaml)
    {
        Screen(yaml);
        var stream = new YamlStream();
        stream.Load(new Parser(new Scanner(new StringReader(yaml))));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    /// <summary>
    /// Reads the text's events once before any node is built: one document, no anchors, aliases or tags, nesting at most
    /// <see cref="MaxDepth"/> deep. Building nodes recurses once per level (a file of 100,000 '[' overflowed the stack and
    /// ended the process), and aliases would be expanded once per use (a few lines of them make billions of nodes).
    /// </summary>
    private static void Screen(string yaml)
    {
        var scanner = new Scanner(new StringReader(yaml));
        var parser = new Parser(scanner);
        var depth = 0;
        var documents = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case DocumentStart start when !start.IsImplicit || documents > 0:
                        if (++documents > 1)
                        {
                            throw new YamlException(start.Start, start.End, "a sweep file is one YAML document; a second one begins here ('---')");
                        }

                        break;
                    case DocumentStart:
                        documents++;
                        break;
                    case AnchorAlias alias:
                        throw new YamlException(alias.Start, alias.End, $"aliases (*{alias.Value}) are not supported: write the value out");
                    case NodeEvent node when !node.Anchor.IsEmpty:
                        throw new YamlException(node.Start, node.End, $"anchors (&{node.Anchor}) are not supported: write the value out where it is used");
                    case NodeEvent node when !node.Tag.IsEmpty:
                        throw new YamlException(node.Start, node.End, $"tags ({node.Tag}) are not supported");
                }

                if (parser.Current is MappingStart or SequenceStart && ++depth > MaxDepth)
                {
                    throw new YamlException(parser.Current.Start, parser.Current.End, $"lists and mappings nest more than {MaxDepth} deep here");
                }

                if (parser.Current is MappingEnd or SequenceEnd)
                {
                    depth--;
                }
            }
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some unterminated flow collections instead of with a
            // YamlException; its own message ("Operation is not valid...") would tell the user nothing.
            throw new YamlException(scanner.CurrentPosition, scanner.CurrentPosition, "the text cannot be read from here on; is a '[' or '{' left open?");
        }
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
