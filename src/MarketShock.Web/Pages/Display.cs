using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;

namespace MarketShock.Pages;

/// <summary>
/// How the reader pages write numbers: money as $592.7B / $1.03T, changes signed with ▲▼ (so colour is never
/// the only cue), dates as "Mon 27 Jan 2025". wwwroot/js/format.js writes the charts' labels the same way.
/// </summary>
public static partial class Display
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private const string Minus = "\u2212";

    /// <summary>"Mon 27 Jan 2025".</summary>
    public static string Day(DateOnly date) => date.ToString("ddd d MMM yyyy", Invariant);

    /// <summary>"27 Jan 2025", for sentences that already say the weekday or need none.</summary>
    public static string ShortDay(DateOnly date) => date.ToString("d MMM yyyy", Invariant);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);

    /// <summary>"$592.7B", "−$592.7B", "$1.03T", "$850.0M"; a dash for none.</summary>
    public static string Money(decimal? usd, bool withSign = false) => usd is { } value ? Sign(value, withSign) + "$" + Magnitude(Math.Abs(value), words: false) : "—";

    public static string Money(double? usd, bool withSign = false) => Money(usd is { } v ? (decimal)v : null, withSign);

    /// <summary>"$592.7 billion", for headlines.</summary>
    public static string MoneyInWords(decimal usd) => "$" + Magnitude(Math.Abs(usd), words: true);

    /// <summary>A price: "$118.42".</summary>
    public static string Price(decimal? price) => price is { } p ? "$" + p.ToString(p >= 1000 ? "N2" : "0.00##", Invariant) : "—";

    /// <summary>A percentage with its sign: "−16.97%", "+3.10%", "0.00%".</summary>
    public static string Percent(double? pct, int decimals = 2)
    {
        if (pct is not { } value)
            return "—";
        var rounded = Math.Round(value, decimals);
        return (rounded < 0 ? Minus : rounded > 0 ? "+" : "") + Math.Abs(rounded).ToString("N" + decimals, Invariant) + "%";
    }

    /// <summary>A change as HTML: the arrow, the signed percentage, and the class that colours it.</summary>
    public static IHtmlContent Change(double? pct, int decimals = 2)
    {
        if (pct is not { } value)
            return new HtmlString("<span class=\"flat\">—</span>");
        var rounded = Math.Round(value, decimals);
        var (css, arrow) = rounded < 0 ? ("down", "▼") : rounded > 0 ? ("up", "▲") : ("flat", "");
        var text = System.Net.WebUtility.HtmlEncode(Percent(value, decimals));
        return new HtmlString(arrow.Length == 0
            ? $"<span class=\"{css}\">{text}</span>"
            : $"<span class=\"{css}\"><span class=\"arrow\" aria-hidden=\"true\">{arrow}</span>\u00a0{text}</span>");
    }

    /// <summary>Signed money as HTML, coloured like <see cref="Change"/>.</summary>
    public static IHtmlContent MoneyChange(decimal? usd)
    {
        if (usd is not { } value)
            return new HtmlString("<span class=\"flat\">—</span>");
        var css = value < 0 ? "down" : value > 0 ? "up" : "flat";
        return new HtmlString($"<span class=\"{css}\">{System.Net.WebUtility.HtmlEncode(Money(value, withSign: true))}</span>");
    }

    /// <summary>"−9.4σ".</summary>
    public static string Sigma(double? z) => z is { } value ? (Math.Round(value, 1) < 0 ? Minus : "") + Math.Abs(value).ToString("0.0", Invariant) + "σ" : "—";

    public static string Count(long value) => value.ToString("N0", Invariant);

    /// <summary>"1,234", or "10,000+" for a count that stopped at its cap (<see cref="Market.ShockBoard.Total"/>).</summary>
    public static string Count(long value, bool atLeast) => Count(value) + (atLeast ? "+" : "");

    /// <summary>
    /// Which shocks a thinned chart draws: "every shock", or "338 of its 1,050 shocks" when they were too many to keep (the
    /// worst are kept, <see cref="Market.CompanyHistory.Downsample(IReadOnlyList{Market.CompanyHistory.Point}, int)"/>).
    /// </summary>
    public static string KeptShocks(int drawn, int all) => drawn >= all ? "every shock" : $"{Count(drawn)} of its {Count(all)} shocks";

    /// <summary>"24.5B", for share counts in a sentence (the exact count is shown beside it where it matters).</summary>
    public static string Shares(long? shares) => shares is { } s ? Magnitude(s, words: false) : "—";

    /// <summary>Texts joined as sentences, each ended with a full stop unless it ends with its own; the empty ones left out.</summary>
    public static string Sentences(params string?[] texts) =>
        string.Join(" ", texts.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.Trim())
            .Select(t => t[^1] is '.' or '!' or '?' or '…' ? t : t + "."));

    /// <summary>The name without its legal form, for sentences: "NVIDIA Corporation" → "NVIDIA", "Apple Inc." → "Apple".</summary>
    public static string ShortName(string name)
    {
        var shorter = LegalForm().Replace(name, "").Trim();
        return shorter.Length == 0 ? name : shorter;
    }

    /// <summary>The shock rule in words: "a fall of at least 4σ (the company's own volatility), 10% or $100.0B of market value in one session".</summary>
    public static string ShockRule(Market.ShockOptions rule) =>
        $"a fall of at least {rule.MinSigma.ToString("0.#", Invariant)}σ (the company's own volatility), {rule.MinDropPct.ToString("0.#", Invariant)}% "
        + $"or {Money(rule.MinLossUsd)} of market value in one session";

    private static string Sign(decimal value, bool withSign) => value < 0 ? Minus : withSign && value > 0 ? "+" : "";

    private static string Magnitude(decimal value, bool words)
    {
        (decimal Size, string Short, string Word, int Decimals)[] scales =
        [
            (1e12m, "T", " trillion", 2), (1e9m, "B", " billion", 1), (1e6m, "M", " million", 1), (1e3m, "K", " thousand", 1),
        ];
        foreach (var (size, symbol, word, decimals) in scales)
        {
            // Rounding may carry into the next scale: 999.96B is $1.00T. Thousands of trillions are grouped: $7,339.20T.
            if (Math.Round(value / size, decimals) >= 1)
                return (value / size).ToString("N" + decimals, Invariant) + (words ? word : symbol);
        }
        return value.ToString("0", Invariant);
    }

    [GeneratedRegex(@"(,?\s+(Inc\.?|Incorporated|Corporation|Corp\.?|Company Limited|Limited|Ltd\.?|plc|N\.V\.|\(ADR\)|\(Class [A-Z]\)))+$", RegexOptions.IgnoreCase)]
    private static partial Regex LegalForm();
}
