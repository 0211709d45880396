using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sweep.Client.Cli;
using Sweep.Training.Datasets;
using Sweep.Training.Specs;

namespace Sweep.Client.Commands;

/// <summary>
/// <c>sweep dataset KIND [key=value ...] --out FILE.csv</c>: writes every row of a built-in dataset
/// exactly as trials see it, with the keys and defaults of a sweep file's <c>dataset</c> mapping.
/// </summary>
internal sealed class DatasetCommand : Command
{
    private readonly Argument<string> kind = new("kind") { Description = "circles, moons, blobs, sine_waves or fashion_mnist" };
    private readonly Argument<string[]> settings = new("settings")
    {
        Description = "The dataset's settings as in a sweep file, key=value (samples=200 noise=0.1 center_box=[-5,5])",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<FileInfo> output = new("--out") { Description = "The CSV file to write", Required = true };

    public DatasetCommand()
        : base("dataset", "Write a built-in dataset as CSV with full precision")
    {
        kind.AcceptOnlyFromAmong("circles", "moons", "blobs", "sine_waves", "fashion_mnist");
        Arguments.Add(kind);
        Arguments.Add(settings);
        Options.Add(output);
        SetAction((result, cancellationToken) => CliErrors.GuardAsync(async () =>
        {
            var mapping = new JsonObject { ["kind"] = result.GetValue(kind) };
            foreach (var setting in result.GetValue(settings) ?? [])
            {
                var (key, value) = Setting(setting);
                mapping[key] = value;
            }

            DatasetSpec spec;
            string text;
            try
            {
                spec = TrialSpecReader.ReadDataset(mapping);
                text = DatasetExport.Csv(spec);
            }
            catch (SpecException e)
            {
                throw new ArgumentException(e.Message, e);
            }

            var file = result.GetValue(output)!;
            await File.WriteAllTextAsync(file.FullName, text, cancellationToken);
            await Console.Error.WriteLineAsync($"wrote {text.Count(c => c == '\n') - 1} rows to {file.FullName}");
            return CliErrors.Success;
        }));
    }

    // key=value, the value read as JSON when it is (numbers, true, [-5, 5]) and as text otherwise.
    private static (string Key, JsonNode? Value) Setting(string setting)
    {
        var equals = setting.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ArgumentException($"'{setting}' is not a setting; write key=value, for example samples=200");
        }

        var value = setting[(equals + 1)..];
        try
        {
            return (setting[..equals], JsonNode.Parse(value));
        }
        catch (JsonException)
        {
            return (setting[..equals], JsonValue.Create(value));
        }
    }
}
