using Microsoft.Extensions.Options;
using Sweep.Client.Output;
using Sweep.Training.Sweeps;

namespace Sweep.Client.Cli;

/// <summary>Turns failures into one clear line on stderr and an exit code: 2 for bad input, 1 otherwise.</summary>
internal static class CliErrors
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int InvalidInput = 2;
    public const int Interrupted = 130;

    /// <summary>Set to any value to get the stack trace of an unexpected error.</summary>
    public const string DebugVariable = "SWEEP_DEBUG";

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
        catch (Exception e)
        {
            return Report(Unexpected(e, Environment.GetEnvironmentVariable(DebugVariable) is { Length: > 0 }), Failure);
        }
    }

    /// <summary>A fault of Sweep itself: one line, and the stack trace on request for a bug report. Stored trials stay stored.</summary>
    internal static string Unexpected(Exception exception, bool withStackTrace) =>
        $"unexpected error: {exception.GetType().Name}: {exception.Message}" +
        (withStackTrace ? $"{Environment.NewLine}{exception}" : $" (set {DebugVariable}=1 to see where)");

    public static int Report(string message, int exitCode)
    {
        Terminal.ErrorLine($"sweep: {message}", "red");
        return exitCode;
    }
}
