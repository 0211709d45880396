using System.Text.Json.Nodes;
using Sweep.Client.Tests.Support;
using Sweep.EndToEnd.Tests.Support;

namespace Sweep.EndToEnd.Tests.Web;

/// <summary>The sweep page's Cancel button in headless Chromium, on a sweep that a <c>sweep run</c> in another process trains.</summary>
public sealed partial class ServeTests
{
    [SkippableFact]
    public async Task SweepPage_CancelClickedWithAllowCancel_StopsTheRunAndShowsCancelled_WithoutItNoButton()
    {
        HeadlessChromium.SkipUnlessInstalled();
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("slow.yaml", SlowSweep);
        System.Diagnostics.Process? run = null;
        System.Diagnostics.Process? readOnly = null;
        System.Diagnostics.Process? allowing = null;
        try
        {
            run = SweepProcess.Start("run", file, "--store", temp.Store, "--parallel", "1");
            var id = SweepId().Match(await run.StandardOutput.ReadLineAsync() ?? "").Groups[1].Value;
            var runOutput = run.StandardOutput.ReadToEndAsync();
            var runError = await WaitForFirstTrialAsync(run);
            (readOnly, var plain) = await ServeAsync(temp.Store);
            (allowing, var address) = await ServeAsync(temp.Store, "--allow-cancel");

            // Served read-only: the running sweep's page has no button, and its endpoint refuses.
            await using (var page = await HeadlessChromium.OpenAsync(new Uri(plain, $"sweeps/{id}")))
            {
                await page.WaitForAsync("document.querySelectorAll('#ranking tbody tr').length === 2 && document.getElementById('state').textContent === 'running'", Patience);
                Assert.True(await page.EvaluateAsync<bool>("document.getElementById('cancel') === null && !document.querySelector('script[src=\"/static/cancel.js\"]')"));
                Assert.True(page.Errors.Count == 0, string.Join("\n", page.Errors));
            }

            await using var chromium = await HeadlessChromium.OpenAsync(new Uri(address, $"sweeps/{id}"));
            chromium.Page.Dialog += async (_, e) => await e.Dialog.Accept();
            await chromium.WaitForAsync("document.getElementById('state').textContent === 'running' && !document.getElementById('cancel').hidden", Patience);
            var before = await chromium.EvaluateAsync<int>("parseInt(document.getElementById('progress-text').textContent)");
            await chromium.Page.ClickAsync("#cancel");
            // The sweep's events may show it cancelled before the cancel's answer comes back with its note.
            await chromium.WaitForAsync("document.getElementById('state').textContent === 'cancelled' && !['', 'cancelling…'].includes(document.getElementById('cancel-note').textContent)", Patience);
            await run.WaitForExitAsync();
            var note = await chromium.EvaluateAsync<string>("document.getElementById('cancel-note').textContent");
            var hidden = await chromium.EvaluateAsync<bool>("document.getElementById('cancel').hidden");
            using var http = new HttpClient { BaseAddress = address };
            var sweep = JsonNode.Parse(await http.GetStringAsync("api/sweeps"))!["sweeps"]![0]!;

            Assert.True(run.ExitCode == 130, $"exit {run.ExitCode}: {await runOutput}{await runError}");
            Assert.True(before < 32, $"the run finished before the button was clicked ({before}/32)");
            Assert.Equal((id, "cancelled"), ((string)sweep["id"]!, (string)sweep["state"]!));
            Assert.Matches($"^stopped the sweep run that trained it \\(pid {run.Id}\\); its finished trials are stored; sweep {id} cancelled: \\d+ completed, 0 failed, \\d+ running trials stopped, \\d+ not run$", note);
            Assert.True(hidden);
            Assert.True(chromium.Errors.Count == 0, string.Join("\n", chromium.Errors));
        }
        finally
        {
            await StopAsync(allowing);
            await StopAsync(readOnly);
            await StopAsync(run);
        }
    }
}
