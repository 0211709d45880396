using System.Text.Json.Nodes;
using Sweep.Client.Tests.Support;
using Sweep.EndToEnd.Tests.Support;

namespace Sweep.EndToEnd.Tests.Web;

/// <summary>The comparison of two sweeps in headless Chromium, after two real runs.</summary>
public sealed partial class ServeTests
{
    [SkippableFact]
    public async Task ComparePage_TwoSweepsPickedOnTheList_ShowsTheirSharedConfigurationsAsItsJsonWithoutErrors()
    {
        HeadlessChromium.SkipUnlessInstalled();
        using var temp = new TemporaryStore();
        var first = await SweepProcess.RunAsync("run", temp.WriteFile("small.yaml", TestSweeps.ThreeSeedsTwentyEpochs), "--store", temp.Store);
        // One seed more: the stored trials are reused, the new seed's trained; the configurations are the same.
        var second = await SweepProcess.RunAsync("run", temp.WriteFile("more.yaml", TestSweeps.ThreeSeedsTwentyEpochs.Replace("seeds: 3", "seeds: 4", StringComparison.Ordinal)), "--store", temp.Store);
        var (a, b) = (SweepId().Match(first.Output).Groups[1].Value, SweepId().Match(second.Output).Groups[1].Value);
        System.Diagnostics.Process? serve = null;
        try
        {
            (serve, var address) = await ServeAsync(temp.Store);
            using var http = new HttpClient { BaseAddress = address };
            var compared = JsonNode.Parse(await http.GetStringAsync($"api/compare?a={a}&b={b}"))!["configurations"]!.AsArray();

            // The list of sweeps picks the second newest as a and the newest as b.
            await using var chromium = await HeadlessChromium.OpenAsync(address);
            await chromium.WaitForAsync("!document.getElementById('compare-form').hidden", Patience);
            var picked = await chromium.EvaluateAsync<string[]>("[document.getElementById('compare-a').value, document.getElementById('compare-b').value]");
            await Task.WhenAll(chromium.Page.WaitForNavigationAsync(), chromium.Page.ClickAsync("#compare-form button"));
            await chromium.WaitForAsync("document.querySelectorAll('#comparison tbody tr').length === 2", Patience);
            var rows = await chromium.EvaluateAsync<string[][]>("[...document.querySelectorAll('#comparison tbody tr')].map(r => [...r.cells].map(c => c.textContent))");

            Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
            Assert.Equal([a, b], picked);
            Assert.Equal(new Uri(address, $"compare?a={a}&b={b}").AbsoluteUri, chromium.Page.Url);
            Assert.Equal(2, compared.Count);
            Assert.Equal(compared.Select(c => (string)c!["label"]!), rows.Select(r => r[0]));
            Assert.Equal(compared.Select(c => $"3 4 {c!["verdict"]}"), rows.Select(r => $"{r[1]} {r[4]} {r[9]}"));
            Assert.Equal(compared.Select(c => ((double)c!["a"]!["mean"]!).ToString("F3", System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => r[2].Split(' ')[0]));
            Assert.True(chromium.Errors.Count == 0, string.Join("\n", chromium.Errors));
        }
        finally
        {
            await StopAsync(serve);
        }
    }
}
