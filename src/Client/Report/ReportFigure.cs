namespace Sweep.Client.Report;

/// <summary>A figure of the report: its anchor, title, what it shows, and the PNG embedded in the page.</summary>
internal sealed record ReportFigure(string Id, string Title, string Caption, byte[] Png);
