using Sweep.Training.Specs;
using TorchSharp;

namespace Sweep.Training.Datasets;

/// <summary>Generates a dataset and splits it as the tutorial does: the first rows train, the rest test.</summary>
internal static class DatasetLoader
{
    public static LabeledPoints Generate(DatasetSpec spec) => spec.Kind switch
    {
        DatasetKind.Moons => ScikitGenerators.MakeMoons(spec.Samples, spec.Noise, spec.RandomState),
        _ => ScikitGenerators.MakeCircles(spec.Samples, spec.Noise, spec.RandomState, spec.Factor ?? 0.8),
    };

    public static SplitData Load(DatasetSpec spec)
    {
        var points = Generate(spec);
        return new SplitData(
            Features(points, 0, spec.TrainRows),
            Labels(points, 0, spec.TrainRows),
            Features(points, spec.TrainRows, points.Labels.Length),
            Labels(points, spec.TrainRows, points.Labels.Length));
    }

    private static torch.Tensor Features(LabeledPoints points, int from, int to)
    {
        var columns = points.Features[0].Length;
        var values = new float[(to - from) * columns];
        for (var row = from; row < to; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                values[((row - from) * columns) + column] = (float)points.Features[row][column];
            }
        }

        return torch.tensor(values, [to - from, columns]);
    }

    private static torch.Tensor Labels(LabeledPoints points, int from, int to) =>
        torch.tensor(points.Labels[from..to].Select(label => (float)label).ToArray(), [to - from, 1]);
}
