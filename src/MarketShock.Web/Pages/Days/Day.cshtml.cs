using System.Globalization;
using System.Text.Json;
using MarketShock.Cards;
using MarketShock.Data;
using MarketShock.Market;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MarketShock.Pages.Days;

/// <summary>/days/{date}: every tracked company's move that day and the total; a helpful 404 for a day without data.</summary>
public sealed class MarketDayModel(MarketShockDbContext db, LinkGenerator links) : PageModel
{
    /// <summary>The day's absolute, canonical address.</summary>
    public string Canonical { get; private set; } = "";

    /// <summary>The absolute, versioned address of the day's share card.</summary>
    public string CardUrl { get; private set; } = "";

    /// <summary>The day, or null when the URL names none with data (then <see cref="Nearest"/> says where to go).</summary>
    public MarketDays.Day? Day { get; private set; }

    public MarketDays.Neighbours? Nearest { get; private set; }

    /// <summary>The date as written in the URL, which may not be a real date (2025-02-30).</summary>
    public string Asked { get; private set; } = "";

    public DateOnly? AskedDate { get; private set; }

    /// <summary>Above twice this many companies, the page lists this many of the largest losses and of the largest gains, unless asked for all.</summary>
    public const int ListedEachWay = 50;

    /// <summary>?all=true: every company of the day, however many.</summary>
    [BindProperty(SupportsGet = true)]
    public bool All { get; set; }

    /// <summary>The moves the page lists and charts (<see cref="MarketDays.ListAsync"/>).</summary>
    public IReadOnlyList<MarketDays.Listed> Listed => Day!.Moves.Listed;

    /// <summary>How many of the day's companies the page does not list.</summary>
    public int Unlisted => Day!.Moves.Unlisted;

    /// <summary>The bar chart's data: the moves in the day's totals, the largest loss first.</summary>
    public sealed record Bar(string Ticker, string Name, double MarketCapChange, double? ChangePct, string Url);

    public async Task OnGetAsync(string date, CancellationToken ct)
    {
        Asked = date;
        AskedDate = DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
        if (AskedDate is not null)
            Day = await MarketDays.LoadAsync(db, day, All ? null : ListedEachWay, ct);
        if (Day is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            Nearest = await MarketDays.NeighboursAsync(db, AskedDate ?? Closest(date), ct);
            return;
        }
        Canonical = Url.PageLink(Links.MarketDayPage, values: new { date = Links.Date(Day.Date) })!;
        CardUrl = links.MarketDayCardUrl(HttpContext, Day.Date, MarketDayCard.From(Day).Version);
    }

    public string ChartJson() => JsonSerializer.Serialize(
        Listed.Select(l => l.Move).Where(m => m.InTotals).Select(m => new Bar(m.Ticker, m.Name, (double)m.MarketCapChange!.Value, m.Change * 100,
            Url.Page(Links.CompanyDayPage, new { ticker = m.Ticker, date = Links.Date(Day!.Date) })!)),
        JsonSerializerOptions.Web);

    /// <summary>The largest losses of the day, for a link to compare them.</summary>
    public IEnumerable<Compare.Event> WorstLosses(int count) =>
        Day!.Moves.Moves.Where(m => m.InTotals && m.MarketCapChange < 0).Take(count).Select(m => new Compare.Event(m.Ticker, Day.Date));

    /// <summary>A real date near one the route accepted (yyyy-MM-dd digits) that does not exist: 2025-02-30 → 2025-02-28.</summary>
    private static DateOnly Closest(string date)
    {
        var year = Math.Clamp(int.Parse(date[..4], CultureInfo.InvariantCulture), 1, 9999);
        var month = Math.Clamp(int.Parse(date[5..7], CultureInfo.InvariantCulture), 1, 12);
        var dayOfMonth = Math.Clamp(int.Parse(date[8..], CultureInfo.InvariantCulture), 1, DateTime.DaysInMonth(year, month));
        return new DateOnly(year, month, dayOfMonth);
    }
}
