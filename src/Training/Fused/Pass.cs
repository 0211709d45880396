namespace Sweep.Training.Fused;

/// <summary>
/// The buffers of one <see cref="FusedModel"/> pass over up to a fixed number of rows: each step's output (kept for
/// the backward pass), each dropout step's mask, and two gradient buffers that the backward pass alternates between.
/// Allocated once per trial, so that steps allocate nothing.
/// </summary>
internal sealed class Pass
{
    /// <param name="rows">The most rows a pass takes.</param>
    /// <param name="widths">The input's width, then each step's output width.</param>
    /// <param name="alias">Whether step s passes its input through unchanged: its output is then the previous step's buffer.</param>
    public Pass(int rows, IReadOnlyList<int> widths, Func<int, bool> alias)
    {
        Values = new float[widths.Count - 1][];
        for (var s = 0; s < Values.Length; s++)
        {
            Values[s] = s > 0 && alias(s) ? Values[s - 1] : new float[rows * widths[s + 1]];
        }

        Masks = widths.Skip(1).Select(w => new float[rows * w]).ToArray();
        var widest = widths.Max();
        GradientsA = new float[rows * widest];
        GradientsB = new float[rows * widest];
    }

    /// <summary>The rows of the last forward pass.</summary>
    public int Rows { get; set; }

    /// <summary>Step s's output, rows x its width.</summary>
    public float[][] Values { get; }

    /// <summary>Step s's dropout mask (1 kept, 0 dropped), for dropout steps.</summary>
    public float[][] Masks { get; }

    public float[] GradientsA { get; }

    public float[] GradientsB { get; }
}
