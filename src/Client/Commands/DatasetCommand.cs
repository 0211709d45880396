using System.CommandLine;
using Sweep.Client.Cli;
using Sweep.Training.Datasets;
using Sweep.Training.Specs;

namespace Sweep.Client.Commands;

/// <summary><c>sweep dataset NAME --out FILE.csv</c>: writes a built-in dataset exactly as trials see it.</summary>
internal sealed class DatasetCommand : Command
{
    private readonly Argument<string> name = new("name") { Description = "circles or moons" };
    private readonly Option<int?> samples = SharedOptions.Positive("--samples", "Number of points (default 100)", TrialSpecReader.MaxSamples);
    private readonly Option<double?> noise = new("--noise") { Description = "Gaussian noise (default 0)" };
    private readonly Option<int?> randomState = new("--random-state") { Description = "The generator's seed (default 0)" };
    private readonly Option<double?> factor = new("--factor") { Description = "circles: inner radius (default 0.8)" };
    private readonly Option<FileInfo> output = new("--out") { Description = "The CSV file to write", Required = true };

    public DatasetCommand()
        : base("dataset", "Write a built-in dataset as CSV with full precision")
    {
        name.AcceptOnlyFromAmong("circles", "moons");
        Arguments.Add(name);
        Options.Add(samples);
        Options.Add(noise);
        Options.Add(randomState);
        Options.Add(factor);
        Options.Add(output);
        SetAction((result, cancellationToken) => CliErrors.GuardAsync(async () =>
        {
            var kind = result.GetValue(name) == "moons" ? DatasetKind.Moons : DatasetKind.Circles;
            if (kind == DatasetKind.Moons && result.GetValue(factor) is not null)
            {
                throw new ArgumentException("--factor applies to circles only");
            }

            var spec = new DatasetSpec(
                kind,
                result.GetValue(samples) ?? 100,
                result.GetValue(noise) ?? 0,
                result.GetValue(randomState) ?? 0,
                kind == DatasetKind.Circles ? result.GetValue(factor) ?? 0.8 : null,
                null);
            string text;
            try
            {
                text = DatasetExport.Csv(spec);
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new ArgumentException(e.Message, e);
            }

            var file = result.GetValue(output)!;
            await File.WriteAllTextAsync(file.FullName, text, cancellationToken);
            await Console.Error.WriteLineAsync($"wrote {spec.Samples} rows to {file.FullName}");
            return CliErrors.Success;
        }));
    }
}
