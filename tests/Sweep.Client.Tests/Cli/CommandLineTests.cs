using Sweep.Client.Cli;

namespace Sweep.Client.Tests.Cli;

/// <summary>The command line's own code, in process; the commands run as a user runs them are Sweep.EndToEnd.Tests' <c>CommandLineTests</c>.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void UnexpectedError_IsOneLineUnlessTheStackTraceIsAskedFor()
    {
        var error = Throw(() => throw new InvalidCastException("no cast"));

        Assert.Equal("unexpected error: InvalidCastException: no cast (set SWEEP_DEBUG=1 to see where)", CliErrors.Unexpected(error, withStackTrace: false));
        var traced = CliErrors.Unexpected(error, withStackTrace: true).Split(Environment.NewLine);
        Assert.Equal("unexpected error: InvalidCastException: no cast", traced[0]);
        Assert.Contains(traced, line => line.Contains(nameof(UnexpectedError_IsOneLineUnlessTheStackTraceIsAskedFor), StringComparison.Ordinal));

        static Exception Throw(Action action)
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                return e;
            }

            throw new InvalidOperationException("nothing was thrown");
        }
    }
}
