using Spectre.Console;

namespace Sweep.Client.Output;

/// <summary>
/// The two consoles every command writes to, set up by a terminal's conventions: escape codes (colour, bold, a redrawn
/// progress bar) only on a stream that is a terminal, no colour at all when <c>NO_COLOR</c> is set (no-color.org), and
/// plain text wherever output goes to a pipe or a file, whatever <c>TERM</c> says, so that <c>grep</c>, <c>cut</c> and
/// scripts read exactly what they see. Results go to <see cref="Out"/>; progress, notes and errors to <see cref="Error"/>.
/// </summary>
internal static class Terminal
{
    /// <summary>Set to any value to turn colour off (https://no-color.org).</summary>
    public const string NoColorVariable = "NO_COLOR";

    // Redirected output has no terminal width; tables are wide, so do not wrap them at 80 columns.
    private const int RedirectedWidth = 200;

    /// <summary>Standard output: tables, ids, results.</summary>
    public static IAnsiConsole Out { get; } = Create(Console.Out, Console.IsOutputRedirected);

    /// <summary>Standard error: progress, notes, errors.</summary>
    public static IAnsiConsole Error { get; } = Create(Console.Error, Console.IsErrorRedirected);

    /// <summary>True when a stream gets no colour: it is redirected, or <c>NO_COLOR</c> is set.</summary>
    public static bool Plain(bool redirected) => redirected || Environment.GetEnvironmentVariable(NoColorVariable) is { Length: > 0 };

    /// <summary>
    /// A line of plain text on standard error (a note, an error), whole: where standard error is redirected it is written
    /// as it is, never wrapped at the width a redirected console is given, so that a log holds one line per message.
    /// </summary>
    public static void ErrorLine(string text, string? style = null)
    {
        if (Console.IsErrorRedirected || style is null)
        {
            Console.Error.WriteLine(text);
            return;
        }

        Error.MarkupLine($"[{style}]{Markup.Escape(text)}[/]");
    }

    /// <summary>
    /// A line of plain text on standard output, whole: where standard output is redirected it is written as it is, never
    /// wrapped at the width a redirected console is given, so that grep and scripts see one line per record (watch's
    /// lines of many silos are longer than that width).
    /// </summary>
    public static void OutLine(string text)
    {
        if (Console.IsOutputRedirected)
        {
            Console.Out.WriteLine(text);
            return;
        }

        Out.WriteLine(text);
    }

    /// <summary>True when a live view (a progress bar, a spinner) can be drawn on <paramref name="console"/>.</summary>
    public static bool CanDraw(IAnsiConsole console) => console.Profile.Capabilities is { Interactive: true, Ansi: true };

    internal static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = Plain(redirected) ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(writer),
        });
        if (redirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
