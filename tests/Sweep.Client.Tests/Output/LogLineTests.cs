using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sweep.Client.Output;

namespace Sweep.Client.Tests.Output;

public sealed class LogLineTests
{
    [Fact]
    public void Write_ErrorWithException_IsOneLineWithoutStackUnlessAskedFor()
    {
        var exception = Thrown(new InvalidOperationException("the gateway went away\nwhile stopping"));

        var plain = Write(new LogLine(stackTraces: false), exception);
        var traced = Write(new LogLine(stackTraces: true), exception);

        Assert.Equal("fail: Orleans.Runtime.Messaging.MessageCenter: could not forward (InvalidOperationException: the gateway went away while stopping)" + Environment.NewLine, plain);
        Assert.StartsWith("fail: Orleans.Runtime.Messaging.MessageCenter: could not forward" + Environment.NewLine + "System.InvalidOperationException: the gateway went away", traced, StringComparison.Ordinal);
        Assert.Contains("   at ", traced, StringComparison.Ordinal);
    }

    private static string Write(LogLine formatter, Exception exception)
    {
        using var writer = new StringWriter();
        var entry = new LogEntry<string>(LogLevel.Error, "Orleans.Runtime.Messaging.MessageCenter", new EventId(0), "could not forward", exception, (state, _) => state);
        formatter.Write(entry, null, writer);
        return writer.ToString();
    }

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
