using System.Globalization;
using MarketShock.Market;

namespace MarketShock.Pages.Companies;

/// <summary>The permalink's sentences: the headline in words and figures, and the day's place in the company's history.</summary>
internal static class DayText
{
    /// <summary>The big figure: ΔM, or the change for a company without a market cap, or the close on a first day.</summary>
    public static string Figure(DailyMove m) => m switch
    {
        { Change: null } => Display.Price(m.Close),
        { MarketCapChange: { } loss } => Display.Money(loss, withSign: true),
        _ => Display.Percent(m.Change * 100),
    };

    public static string Headline(CompanyDays.Figures f)
    {
        var (m, name, day) = (f.Move, Display.ShortName(f.Company.Name), Display.Day(f.Move.Date));
        if (m.Change is not { } change)
            return $"{name} closed at {Display.Price(m.Close)} on {day}, its first day in the data: a first day has no move.";
        var pct = Display.Percent(change * 100);
        var sentence = m.MarketCapChange switch
        {
            { } dm when dm < 0 => $"{name} lost {About(m)}{Display.MoneyInWords(dm)} ({pct}) on {day}",
            { } dm when dm > 0 => $"{name} gained {About(m)}{Display.MoneyInWords(dm)} ({pct}) on {day}",
            _ when change < 0 => $"{name} fell {Unsigned(change)} on {day}",
            _ when change > 0 => $"{name} rose {Unsigned(change)} on {day}",
            _ => $"{name} closed unchanged on {day}",
        };
        if (m.AfterGap && m.PreviousDate is { } previous)
            sentence += $" — a move that spans missing data: the previous close is from {Display.Day(previous)}, "
                + $"{Display.Count(m.Date.DayNumber - previous.DayNumber)} calendar days earlier";
        return sentence + ".";
    }

    /// <summary>"The largest one-day loss of any company in the data; NVDA's worst day since 16 Mar 2020; it regained …".</summary>
    public static string? Context(CompanyDays.Figures f, DayContext.View v)
    {
        var (m, ticker) = (f.Move, f.Company.Ticker);
        var parts = new List<string>();
        if (m.AfterGap)
            parts.Add("not ranked and not a shock, because the move spans missing data");
        else if (m.SuspectedSplit)
            parts.Add("not ranked and not a shock, because the close moved by a common split ratio on a day without a recorded split: "
                + "more likely a split missing from the data than a real move");
        if (v.BoardRank is { } rank && rank <= DayContext.BoardRanks)
        {
            var what = m.MarketCapChange is null ? "one-day fall" : "one-day loss";
            parts.Add($"the {(v.LargestOfAll ? "" : Ordinal(rank) + " ")}largest {what} of any company in the data");
        }
        // No earlier day as bad: the worst in the data only if no later day was worse either.
        if (f.WorstInData && f.History.RankByChange == 1)
            parts.Add($"{ticker}'s worst day in the data");
        else if (f.WorstInData && f.FirstDate is { } first)
            parts.Add($"{ticker}'s worst day since its data begin on {Display.ShortDay(first)}");
        else if (f.History.WorstSince is { } since && m.Change < 0)
            parts.Add($"{ticker}'s worst day since {Display.ShortDay(since)}");
        if (v.BestRank is { } best)
            parts.Add($"{ticker}'s {Ordinal(best)} best day of its {Display.Count(f.RankedDays)} ranked days");
        if (f.History.RecoveryDate is { } recovered)
            parts.Add($"it regained its prior close on {Display.ShortDay(recovered)}, {TradingDays(f.History.RecoveryDays ?? 0)} later");
        else if (f.History.OpenDrawdown is { } open)
            parts.Add($"still {Math.Abs(open * 100).ToString("0.0", CultureInfo.InvariantCulture)}% below its prior close as of {Display.ShortDay(v.LastDate)}");
        if (parts.Count == 0)
            return null;
        var text = string.Join("; ", parts) + ".";
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    /// <summary>What happened, as the card and og:description say it: the company's event label, else the whole market's, said as such.</summary>
    public static string? Label(CompanyDays.Figures f) => Label(f.Label, f.MarketLabel);

    public static string? Label(EventLabel? company, EventLabel? market) =>
        company?.Label ?? (market is not null ? "The market: " + market.Label : null);

    /// <summary>og:description: what happened when the day is labelled, then the day's place in the company's history (or the headline).</summary>
    public static string Description(CompanyDays.Figures f, DayContext.View v) => Display.Sentences(Label(f), Context(f, v) ?? Headline(f));

    /// <summary>A money figure built on a share count from a later observation is an estimate.</summary>
    private static string About(DailyMove m) => m.MarketCapApproximate ? "about " : "";

    private static string Unsigned(double change) => Display.Percent(Math.Abs(change) * 100).TrimStart('+');

    public static string TradingDays(int days) => days == 1 ? "1 trading day" : $"{Display.Count(days)} trading days";

    /// <summary>"1st", "2nd", "3rd", "11th", "22nd".</summary>
    public static string Ordinal(int n)
    {
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return Display.Count(n) + suffix;
    }

    /// <summary>σ as an unsigned daily percentage: "3.36%".</summary>
    public static string Volatility(double? sigma) => sigma is { } s ? (s * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>"1 of 2,551".</summary>
    public static string Rank(int? rank, int of) => rank is { } r ? $"{Display.Count(r)} of {Display.Count(of)}" : "—";
}
