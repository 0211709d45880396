using System.Text.RegularExpressions;
using Sweep.Client.Report;
using Sweep.Client.Tests.Plots;

namespace Sweep.Client.Tests.Report;

/// <summary>The HTML report, rendered in process; Chromium's view of it is Sweep.EndToEnd.Tests' <c>ReportTests</c>.</summary>
public sealed partial class ReportTests
{
    [Fact]
    public void Render_NeedsNothingFromElsewhereAndNamesEveryConfiguration()
    {
        var data = SyntheticSweep.Create();
        var steps = new List<string>();
        var figures = ReportFigures.Create(data, steps.Add);

        var html = HtmlReport.Render(data, figures, DateTimeOffset.UnixEpoch);

        Assert.Equal(["curves-accuracy", "curves-loss", "coefficients", "sparsity-zeros", "sparsity-mean", "dataset"], figures.Select(f => f.Id));
        Assert.Equal(6, steps.Count);
        Assert.Empty(ExternalReferences().Matches(html));
        Assert.All(data.Report.Ranking, a => Assert.Contains(System.Net.WebUtility.HtmlEncode(a.Configuration.Label), html, StringComparison.Ordinal));
        Assert.Contains("<pre>name: synthetic", html, StringComparison.Ordinal);
        Assert.Equal(figures.Count, Regex.Count(html, "<img src=\"data:image/png;base64,"));
    }

    [Fact]
    public void Render_MarkupInALabel_IsShownAsText()
    {
        var data = SyntheticSweep.Create();
        var hostile = data.Report.Ranking[0] with { Configuration = data.Report.Ranking[0].Configuration with { Label = "<script>alert('x')</script> & [red]" } };
        data = data with { Report = data.Report with { Ranking = [hostile, .. data.Report.Ranking[1..]] } };

        var html = HtmlReport.Render(data, [], DateTimeOffset.UnixEpoch);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; [red]", html, StringComparison.Ordinal);
    }

    // Any src or href that is not a data URI or an anchor in the page would need a file or the network.
    [GeneratedRegex("""(?:src|href)="(?!data:|#)""")]
    private static partial Regex ExternalReferences();
}
