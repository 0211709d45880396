using Spectre.Console;
using Sweep.Client.Cli;

// Redirected output has no terminal width; tables are wide, so do not wrap them at 80 columns.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 200;
}

return await SweepCli.Create().Parse(args).InvokeAsync();
