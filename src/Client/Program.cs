using System.CommandLine;
using Sweep.Client.Cli;

var root = SweepCli.Create();
StartupProfile.Start(root, args);
var parsed = root.Parse(args.Length == 0 ? ["--help"] : args);
if (parsed.CommandResult.Command == root && parsed.UnmatchedTokens.Count > 0)
{
    var commands = string.Join(", ", root.Subcommands.Select(command => command.Name));
    return CliErrors.Report($"unknown command '{parsed.UnmatchedTokens[0]}'; commands: {commands}", CliErrors.InvalidInput);
}

if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        CliErrors.Report(error.Message, CliErrors.InvalidInput);
    }

    return CliErrors.InvalidInput;
}

// On Ctrl+C or SIGTERM the command is cancelled and has this long to stop its trials and store what finished.
var exitCode = await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
return ProcessEnd.Exit(exitCode);
