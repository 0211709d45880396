namespace Sweep.Training.Datasets;

/// <summary>Splits rows into training and test sets, keeping the file order within each.</summary>
internal static class DatasetSplitter
{
    /// <summary>The tutorial's split: the first <paramref name="trainRows"/> rows train.</summary>
    public static (int[] Train, int[] Test) FirstRows(int rows, int trainRows) =>
        (Enumerable.Range(0, trainRows).ToArray(), Enumerable.Range(trainRows, rows - trainRows).ToArray());

    /// <summary>
    /// A seeded stratified split: within each label the rows are shuffled with numpy's legacy
    /// MT19937 seeded with <paramref name="randomState"/>, and the first ceil(fraction * count) test.
    /// </summary>
    public static (int[] Train, int[] Test) Stratified(IReadOnlyList<int> labels, double testFraction, int randomState)
    {
        var random = new LegacyRandomState((uint)randomState);
        var test = new HashSet<int>();
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            test.UnionWith(members.Take((int)Math.Ceiling(testFraction * members.Length)));
        }

        var all = Enumerable.Range(0, labels.Count);
        return (all.Where(i => !test.Contains(i)).ToArray(), all.Where(test.Contains).ToArray());
    }
}
