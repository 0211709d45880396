using System.Net;
using System.Text.Json.Nodes;
using MathNet.Numerics.Distributions;

namespace Sweep.Client.Tests.Web;

/// <summary><c>/api/compare</c> and <c>/compare</c>, in process, on a store of sweeps whose values the tests know.</summary>
public sealed class CompareApiTests(ComparedStore store) : IClassFixture<ComparedStore>
{
    [Fact]
    public async Task Compare_TwoSweeps_GivesEachSharedConfigurationsSummariesWelchAndHolmVerdict()
    {
        var document = JsonNode.Parse(await store.Http.GetStringAsync("/api/compare?a=first&b=second"))!;

        var (a16, b16) = (Values(ComparedStore.First[16]), Values(ComparedStore.Second[16]));
        var (a24, b24) = (Values(ComparedStore.First[24]), Values(ComparedStore.Second[24]));
        var (w16, w24) = (Welch(a16, b16), Welch(a24, b24));
        // Holm for two: the smaller p doubled, the larger as it is but never below the first.
        var holm16 = Math.Min(1, 2 * w16.P);
        var holm24 = Math.Max(holm16, w24.P);
        var configurations = document["configurations"]!.AsArray();

        Assert.Equal(["metric", "higher_is_better", "a", "b", "configurations", "only_a", "only_b"], document.AsObject().Select(p => p.Key));
        Assert.Equal(("test_accuracy", true), ((string)document["metric"]!, (bool)document["higher_is_better"]!));
        Assert.Equal((store.Plans["first"].Id, "completed", 12, 12), ((string)document["a"]!["id"]!, (string)document["a"]!["state"]!, (int)document["a"]!["trials"]!, (int)document["a"]!["completed"]!));
        Assert.Equal((store.Plans["second"].Id, 16, 13, 3), ((string)document["b"]!["id"]!, (int)document["b"]!["trials"]!, (int)document["b"]!["completed"]!, (int)document["b"]!["failed"]!));

        // In a's ranked order: 24 (mean 0.80), 16 (0.72), 40 (0.523); 8 is a's only.
        Assert.Equal([Id(24), Id(16), Id(40)], configurations.Select(c => (string)c!["id"]!));
        Assert.Equal([Label(24), Label(16), Label(40)], configurations.Select(c => (string)c!["label"]!));
        AssertShared(configurations[1]!, a16, b16, w16, holm16, "better");
        AssertShared(configurations[0]!, a24, b24, w24, holm24, "same");
        Assert.True(holm16 < 0.05 && w24.P > 0.05, $"{holm16} {w24.P}");
        // By hand: variances 0.0004/3 and 0.001/3/4, t = 0.09 / sqrt(their sum), df by Welch-Satterthwaite.
        Assert.Equal((6.114296, 4.190083), (Math.Round((double)configurations[1]!["t"]!, 6), Math.Round((double)configurations[1]!["df"]!, 6)));

        // 40 has one completed seed in b: no test, only the difference of the means.
        var untested = configurations[2]!;
        AssertSummary(untested["a"]!, Values(ComparedStore.First[40]));
        Assert.Equal(1, (int)untested["b"]!["n"]!);
        Assert.Equal(0.90, (double)untested["b"]!["mean"]!, 12);
        Assert.Equal([null, null, null], new[] { untested["b"]!["std"], untested["b"]!["ci95_low"], untested["b"]!["ci95_high"] });
        Assert.Equal(0.90 - Values(ComparedStore.First[40]).Average(), (double)untested["difference"]!, 12);
        Assert.All(new[] { "ci95_low", "ci95_high", "t", "df", "p", "p_holm" }, key => Assert.Null(untested[key]));
        Assert.Equal("untested", (string)untested["verdict"]!);

        Assert.Equal([$"{Id(8)} {Label(8)}"], document["only_a"]!.AsArray().Select(c => $"{c!["id"]} {c["label"]}"));
        Assert.Equal([$"{store.Configuration("second", 32).Id} {store.Configuration("second", 32).Label}"], document["only_b"]!.AsArray().Select(c => $"{c!["id"]} {c["label"]}"));
    }

    [Fact]
    public async Task Compare_SweepsBySameIdsPrefixOrName_AreTheSameDocument()
    {
        var byName = await store.Http.GetStringAsync("/api/compare?a=first&b=second");
        var byId = await store.Http.GetStringAsync($"/api/compare?a={store.Plans["first"].Id}&b={store.Plans["second"].Id[..10]}");

        Assert.Equal(byName, byId);
    }

    [Fact]
    public async Task Compare_SweepsOfDifferentMetrics_Is400NamingBoth()
    {
        using var response = await store.Http.GetAsync("/api/compare?a=first&b=lossy");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            $"sweep '{store.Plans["first"].Id}' is measured by test_accuracy and sweep '{store.Plans["lossy"].Id}' by test_loss: only sweeps of one metric can be compared",
            await ErrorAsync(response));
    }

    [Theory]
    [InlineData("a=first", 400, "b: missing; /api/compare?a=ID&b=ID compares sweep b with sweep a")]
    [InlineData("b=first", 400, "a: missing; /api/compare?a=ID&b=ID compares sweep b with sweep a")]
    [InlineData("a=first&b=nope", 404, "no sweep with id 'nope'")]
    public async Task Compare_SweepMissingOrUnknown_IsAnErrorNamingIt(string query, int status, string expected)
    {
        using var response = await store.Http.GetAsync($"/api/compare?{query}");

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Equal(expected, await ErrorAsync(response));
    }

    [Fact]
    public async Task ComparePage_NamesBothSweepsResolvedAndLoadsItsScript()
    {
        var page = await store.Http.GetStringAsync("/compare?a=first&b=second");
        var picker = await store.Http.GetStringAsync("/compare");
        var home = await store.Http.GetStringAsync("/");
        using var missing = await store.Http.GetAsync("/compare?a=first&b=nope");
        using var script = await store.Http.GetAsync("/static/compare.js");

        Assert.Contains($"<body data-page=\"compare\" data-a=\"{store.Plans["first"].Id}\" data-b=\"{store.Plans["second"].Id}\">", page, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/static/compare.js\" defer></script>", page, StringComparison.Ordinal);
        Assert.Contains("<body data-page=\"compare\">", picker, StringComparison.Ordinal);
        Assert.Contains("<form id=\"compare-form\" action=\"/compare\" method=\"get\" hidden>", home, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/static/compare.js\" defer></script>", home, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("<p>no sweep with id &#x27;nope&#x27;</p>", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "text/javascript"), (script.StatusCode, script.Content.Headers.ContentType!.MediaType));
    }

    private string Id(int units) => store.Configuration("first", units).Id;

    private string Label(int units) => store.Configuration("first", units).Label;

    private static double[] Values(double?[] values) => [.. values.OfType<double>()];

    private static void AssertShared(JsonNode actual, double[] a, double[] b, (double Difference, double Low, double High, double T, double Df, double P) welch, double holm, string verdict)
    {
        AssertSummary(actual["a"]!, a);
        AssertSummary(actual["b"]!, b);
        Assert.Equal(welch.Difference, (double)actual["difference"]!, 10);
        Assert.Equal(welch.Low, (double)actual["ci95_low"]!, 10);
        Assert.Equal(welch.High, (double)actual["ci95_high"]!, 10);
        Assert.Equal(welch.T, (double)actual["t"]!, 8);
        Assert.Equal(welch.Df, (double)actual["df"]!, 8);
        Assert.Equal(welch.P, (double)actual["p"]!, 10);
        Assert.Equal(holm, (double)actual["p_holm"]!, 10);
        Assert.Equal(verdict, (string)actual["verdict"]!);
    }

    // n, mean, sample std and the 95% Student-t interval of the mean, from the values.
    private static void AssertSummary(JsonNode actual, double[] values)
    {
        var (n, mean) = (values.Length, values.Average());
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        var half = StudentT.InvCDF(0, 1, n - 1, 0.975) * std / Math.Sqrt(n);
        Assert.Equal(n, (int)actual["n"]!);
        Assert.Equal(mean, (double)actual["mean"]!, 12);
        Assert.Equal(std, (double)actual["std"]!, 12);
        Assert.Equal(mean - half, (double)actual["ci95_low"]!, 12);
        Assert.Equal(mean + half, (double)actual["ci95_high"]!, 12);
    }

    // Welch's test of b against a from the raw values: the difference of the means, its 95% interval, t, the
    // Welch-Satterthwaite degrees of freedom and the two-sided p.
    private static (double Difference, double Low, double High, double T, double Df, double P) Welch(double[] a, double[] b)
    {
        static double Variance(double[] x) => x.Sum(v => (v - x.Average()) * (v - x.Average())) / (x.Length - 1);
        var (va, vb) = (Variance(a) / a.Length, Variance(b) / b.Length);
        var se = Math.Sqrt(va + vb);
        var difference = b.Average() - a.Average();
        var df = (va + vb) * (va + vb) / ((va * va / (a.Length - 1)) + (vb * vb / (b.Length - 1)));
        var t = difference / se;
        var half = StudentT.InvCDF(0, 1, df, 0.975) * se;
        return (difference, difference - half, difference + half, t, df, 2 * StudentT.CDF(0, 1, df, -Math.Abs(t)));
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response) =>
        (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
}
