using System.CommandLine;
using Sweep.Bench;
using Sweep.Client.Cli;

var parsed = new BenchCommand().Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        CliErrors.Report(error.Message, CliErrors.InvalidInput);
    }

    return CliErrors.InvalidInput;
}

return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
