using Microsoft.Extensions.Options;
using Spectre.Console;
using Sweep.Training.Sweeps;

namespace Sweep.Client.Cli;

/// <summary>Turns failures into one clear line on stderr and an exit code: 2 for bad input, 1 otherwise.</summary>
internal static class CliErrors
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int InvalidInput = 2;
    public const int Interrupted = 130;

    public static async Task<int> GuardAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (SweepFileException e)
        {
            return Report(e.Message, InvalidInput);
        }
        catch (KeyNotFoundException e)
        {
            return Report($"{e.Message} (sweep list shows the sweeps in this store)", InvalidInput);
        }
        catch (ArgumentException e)
        {
            return Report(e.Message, InvalidInput);
        }
        catch (OptionsValidationException e)
        {
            return Report(e.Message, InvalidInput);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Report(e.Message, Failure);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            return Report($"the cluster did not answer: {e.Message}", Failure);
        }
        catch (OperationCanceledException)
        {
            return Report("interrupted; completed trials are stored and a new run of the same file resumes", Interrupted);
        }
    }

    public static int Report(string message, int exitCode)
    {
        var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        error.MarkupLine($"[red]sweep: {Markup.Escape(message)}[/]");
        return exitCode;
    }
}
