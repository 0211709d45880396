using System.CommandLine;
using Sweep.Bench;
using Sweep.Bench.Micro;
using Sweep.Client.Cli;

// `micro` hands the rest of the arguments to BenchmarkDotNet; anything else is the sweep-level suite.
if (args is ["micro", .. var micro])
{
    return MicroBenchmarks.Run(micro);
}

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
