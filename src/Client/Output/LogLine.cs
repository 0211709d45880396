using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Sweep.Client.Output;

/// <summary>
/// How the embedded silo's log reaches the user's terminal: one line per message (<c>warn: Category: message</c>) and an
/// exception as its type and message only; its stack trace only with <c>SWEEP_DEBUG=1</c>, which is for reporting bugs.
/// Orleans logs errors with their exceptions (while a silo shuts down, say) that a user can do nothing about.
/// </summary>
internal sealed class LogLine : ConsoleFormatter
{
    public new const string Name = "sweep";

    private readonly bool stackTraces;

    public LogLine()
        : this(Environment.GetEnvironmentVariable(Cli.CliErrors.DebugVariable) is { Length: > 0 })
    {
    }

    /// <param name="stackTraces">Whether an exception is written whole, with its stack trace.</param>
    internal LogLine(bool stackTraces)
        : base(Name) => this.stackTraces = stackTraces;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var level = logEntry.LogLevel switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
        var line = $"{level}: {logEntry.Category}: {message}".ReplaceLineEndings(" ");
        if (logEntry.Exception is { } exception)
        {
            line += stackTraces ? Environment.NewLine + exception : $" ({exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")})";
        }

        textWriter.WriteLine(line);
    }
}
