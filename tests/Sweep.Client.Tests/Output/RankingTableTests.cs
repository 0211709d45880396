using Spectre.Console;
using Sweep.Client.Output;
using Sweep.Client.Tests.Plots;

namespace Sweep.Client.Tests.Output;

public sealed class RankingTableTests
{
    [Theory]
    [InlineData(100, 7)]
    [InlineData(160, 8)]
    [InlineData(240, 11)]
    public void Create_NarrowerTerminal_HasFewerColumns(int width, int columns)
    {
        var table = RankingTable.Create(SyntheticSweep.Create().Report, width: width);

        Assert.Equal(columns, table.Columns.Count);
    }

    [Fact]
    public void Create_MarksTheBaselineAndSignificantDifferences()
    {
        var data = SyntheticSweep.Create();
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 240;

        console.Write(RankingTable.Create(data.Report, width: 240));

        var text = writer.ToString();
        var baselineRow = text.Split('\n').Single(line => line.Contains($" {data.Baseline!.Configuration.Label} ", StringComparison.Ordinal));
        Assert.Contains("baseline", baselineRow, StringComparison.Ordinal);
        Assert.Equal(4, text.Split('\n').Count(line => line.Contains("▼ -", StringComparison.Ordinal)));
        Assert.Single(text.Split('\n'), line => line.Contains("▲ +0.100", StringComparison.Ordinal));
        Assert.Contains("after Holm's correction for 6 comparisons", text, StringComparison.Ordinal);
    }
}
