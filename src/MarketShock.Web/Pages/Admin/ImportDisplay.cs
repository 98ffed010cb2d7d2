using System.Globalization;
using Microsoft.AspNetCore.Html;

namespace MarketShock.Pages.Admin;

/// <summary>How the admin pages write an import's figures, the same way on every page.</summary>
internal static class ImportDisplay
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // Dates and times may wrap between their parts but never at their own hyphens, hence the nowrap spans.
    public static IHtmlContent When(DateTimeOffset at, bool seconds = false) => new HtmlString(
        $"""<span class="nowrap">{at.UtcDateTime.ToString("yyyy-MM-dd", Invariant)}</span> <span class="nowrap">{at.UtcDateTime.ToString(seconds ? "HH:mm:ss 'UTC'" : "HH:mm 'UTC'", Invariant)}</span>""");

    public static IHtmlContent Range(DateOnly? first, DateOnly? last) => new HtmlString((first, last) switch
    {
        (null, null) => "—",
        var (a, b) when a == b => $"""<span class="nowrap">{Day(a)}</span>""",
        var (a, b) => $"""<span class="nowrap">{Day(a)} –</span> <span class="nowrap">{Day(b)}</span>""",
    });

    /// <summary>An email that may wrap after its @ when a table is short of room.</summary>
    public static IHtmlContent Who(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? new HtmlContentBuilder().Append(email)
            : new HtmlContentBuilder().Append(email[..(at + 1)]).AppendHtml("<wbr>").Append(email[(at + 1)..]);
    }

    public static string FormatAndKind(string? format, string? kind) =>
        format is null && kind is null ? "—" : string.Join(" · ", new[] { format, kind }.OfType<string>());

    /// <summary>The first few tickers and how many more, so that a file of hundreds of companies stays one line.</summary>
    public static string Tickers(IReadOnlyCollection<string> tickers, int shown = 5) => tickers.Count switch
    {
        0 => "—",
        var n when n <= shown => string.Join(", ", tickers),
        var n => $"{string.Join(", ", tickers.Take(shown))} +{n - shown:N0} more",
    };

    public static string Bytes(long bytes)
    {
        string[] units = ["bytes", "KB", "MB", "GB", "TB"];
        var value = (double)bytes;
        var unit = 0;
        for (; value >= 1024 && unit < units.Length - 1; unit++)
            value /= 1024;
        return unit == 0 ? $"{bytes:N0} bytes" : value.ToString(value < 10 && value % 1 != 0 ? "0.#" : "0", Invariant) + " " + units[unit];
    }

    public static string Duration(long milliseconds) =>
        milliseconds < 1000 ? $"{milliseconds:N0} ms" : (milliseconds / 1000.0).ToString("0.0 's'", Invariant);

    public static string Count(int count, string one, string many) => $"{count:N0} {(count == 1 ? one : many)}";

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", Invariant) ?? "…";
}
