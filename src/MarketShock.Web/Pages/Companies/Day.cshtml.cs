using System.Globalization;
using MarketShock.Cards;
using MarketShock.Data;
using MarketShock.Market;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MarketShock.Pages.Companies;

/// <summary>
/// The permalink of one company-day, for any day in the data. Its figures come from <see cref="CompanyDays"/>, the
/// query /api/companies/{ticker}/{date} answers with; a wrong address gets a 404 page that says where to go instead.
/// </summary>
internal sealed class DayModel(MarketShockDbContext db, LinkGenerator links, IOptions<ShockOptions> shocks, IOptions<ReaderOptions> reader)
    : PageModel
{
    /// <summary>Above twice this many other companies that day, the page lists this many of the largest losses and of the gains (the market day lists all).</summary>
    public const int OthersEachWay = 10;

    /// <param name="Company">Null when the ticker is unknown.</param>
    /// <param name="Suggestions">Known tickers resembling an unknown one.</param>
    /// <param name="Before">The company's latest trading day before the date asked for.</param>
    /// <param name="After">Its first trading day after it.</param>
    public sealed record Missing(string Ticker, string Date, Company? Company, IReadOnlyList<CompanyLookup.Suggestion> Suggestions,
        DateOnly? Before, DateOnly? After, bool MalformedDate);

    public CompanyDays.Figures Figures { get; private set; } = null!;
    public DayContext.View View { get; private set; } = null!;
    public Missing? NotFoundFor { get; private set; }
    public string Canonical { get; private set; } = "";

    /// <summary>The absolute, versioned address of the day's share card.</summary>
    public string CardUrl { get; private set; } = "";
    public ShockOptions Shocks => shocks.Value;

    private string? companyPath;

    /// <summary>
    /// The permalink of another day of the company: the company page's path and the date, as the route
    /// /companies/{ticker}/{date} has them. One route generated for the page's few hundred links to its days (the days
    /// around it, the shocks of its history chart), not one each.
    /// </summary>
    public string DayPath(DateOnly date) =>
        $"{companyPath ??= Url.Page(Links.CompanyPage, new { ticker = Figures.Company.Ticker })
            ?? throw new InvalidOperationException($"No route to the page {Links.CompanyPage}")}/{Display.Iso(date)}";

    public async Task<IActionResult> OnGetAsync(string ticker, string date, CancellationToken ct)
    {
        // One connection for the page's twenty-odd queries, rather than one taken from the pool and reset for each.
        await db.Database.OpenConnectionAsync(ct);
        var lookup = await CompanyLookup.FindAsync(db, ticker, ct);
        if (lookup.Company is not { } company)
            return NotFoundPage(new Missing(ticker, date, null, lookup.Suggestions, null, null, false));
        if (!lookup.IsCanonical)
            return RedirectToPagePermanent(Links.CompanyDayPage, new { ticker = company.Ticker, date });

        var day = ParseDay(date);
        var figures = day is null ? null : await CompanyDays.LoadAsync(db, new CompanyDays.Query(company, day.Value), OthersEachWay, ct);
        if (figures is null)
        {
            var (before, after) = await DayContext.NeighboursAsync(db, company.Id, day ?? NearestValidDay(date), ct);
            return NotFoundPage(new Missing(company.Ticker, date, company, [], before, after, day is null));
        }
        Figures = figures;
        View = await DayContext.LoadAsync(db, figures, shocks.Value, reader.Value, ct);
        Canonical = links.CompanyDay(HttpContext, company.Ticker, figures.Move.Date);
        CardUrl = links.CompanyCardUrl(HttpContext, company.Ticker, figures.Move.Date, CompanyCard.From(company, figures.Move, DayText.Label(figures), View.Window).Version);
        return Page();
    }

    private PageResult NotFoundPage(Missing missing)
    {
        NotFoundFor = missing;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    private static DateOnly? ParseDay(string date) =>
        DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    /// <summary>For a date such as 2025-02-30 (the route only checks its shape): the last real day of that month.</summary>
    private static DateOnly NearestValidDay(string date)
    {
        var parts = date.Split('-').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        var year = Math.Clamp(parts[0], 1, 9999);
        var month = Math.Clamp(parts[1], 1, 12);
        return new DateOnly(year, month, Math.Clamp(parts[2], 1, DateTime.DaysInMonth(year, month)));
    }
}
