using System.Globalization;
using MarketShock.Data;
using MarketShock.Market;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MarketShock.Cards;

/// <summary>
/// The share cards beside the pages they illustrate (DESIGN.md: /companies/{TICKER}/{date}/card.png, /days/{date}/card.png). A card is drawn
/// once per version of its figures: the ETag is a hash of what it shows, computed from the query without drawing.
/// </summary>
internal static class CardEndpoints
{
    public const string CompanyCardName = "CompanyCard", MarketDayCardName = "MarketDayCard", CompareCardName = "CompareCard";
    public const string ContentType = "image/png";
    private const string DateRoute = "{date:regex(^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$)}";

    /// <summary>An address with the current version (?v=) may be kept long; a bare one is checked again within the hour.</summary>
    private static readonly TimeSpan VersionedMaxAge = TimeSpan.FromDays(7), BareMaxAge = TimeSpan.FromHours(1);

    public static void AddCards(this IServiceCollection services) => services.AddSingleton<CardCache>();

    public static void MapCards(this IEndpointRouteBuilder app)
    {
        app.MapMethods($"/companies/{{ticker}}/{DateRoute}/card.png", [HttpMethods.Get, HttpMethods.Head], CompanyAsync)
            .WithName(CompanyCardName).ExcludeFromDescription();
        app.MapMethods($"/days/{DateRoute}/card.png", [HttpMethods.Get, HttpMethods.Head], MarketDayAsync)
            .WithName(MarketDayCardName).ExcludeFromDescription();
        app.MapMethods("/compare/card.png", [HttpMethods.Get, HttpMethods.Head], CompareAsync)
            .WithName(CompareCardName).ExcludeFromDescription();
    }

    /// <summary>The card of /compare?events=…: not found (and nothing drawn) unless every event is good, as the page's tags require.</summary>
    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, RedirectHttpResult, NotFound>> CompareAsync(
        HttpContext http, MarketShockDbContext db, CardCache cache, string? events, CancellationToken ct)
    {
        var (asked, errors) = Compare.Parse(events);
        if (asked.Count == 0 || errors.Count > 0)
            return TypedResults.NotFound();
        var (lines, missing) = await Compare.LoadAsync(db, asked, ct);
        if (missing.Count > 0)
            return TypedResults.NotFound();
        var card = CompareCard.From(lines);
        return Serve(http, cache, "compare:" + card.Version, card.Version, () => CompareCard.Render(card));
    }

    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, RedirectHttpResult, NotFound>> MarketDayAsync(
        HttpContext http, MarketShockDbContext db, CardCache cache, string date, CancellationToken ct)
    {
        if (ParseDay(date) is not { } day || await MarketDays.LoadAsync(db, day, Pages.Days.MarketDayModel.ListedEachWay, ct) is not { } found)
            return TypedResults.NotFound();
        var card = MarketDayCard.From(found);
        return Serve(http, cache, "day:" + card.Version, card.Version, () => MarketDayCard.Render(card));
    }

    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, RedirectHttpResult, NotFound>> CompanyAsync(
        HttpContext http, MarketShockDbContext db, LinkGenerator links, CardCache cache, IOptions<ShockOptions> shocks, string ticker, string date,
        CancellationToken ct)
    {
        var found = await CompanyLookup.FindAsync(db, ticker, ct);
        if (found.Company is not { } company || ParseDay(date) is not { } day)
            return TypedResults.NotFound();
        if (!found.IsCanonical)
        {
            var path = links.GetPathByName(http, CompanyCardName, new { ticker = company.Ticker, date })!;
            return TypedResults.Redirect(path + http.Request.QueryString, permanent: true);
        }
        if (await CompanyCard.LoadAsync(db, company, day, shocks.Value, ct) is not { } card)
            return TypedResults.NotFound();
        return Serve(http, cache, "company:" + card.Version, card.Version, () => CompanyCard.Render(card));
    }

    /// <summary>The absolute address of a company-day's card, with its version so that an unfurler fetches a corrected card anew.</summary>
    public static string CompanyCardUrl(this LinkGenerator links, HttpContext http, string ticker, DateOnly date, string version) =>
        links.GetUriByName(http, CompanyCardName, new { ticker, date = Pages.Links.Date(date), v = version })
        ?? throw new InvalidOperationException($"No route to the endpoint {CompanyCardName}");

    /// <summary>The absolute, versioned address of a market day's card.</summary>
    public static string MarketDayCardUrl(this LinkGenerator links, HttpContext http, DateOnly date, string version) =>
        links.GetUriByName(http, MarketDayCardName, new { date = Pages.Links.Date(date), v = version })
        ?? throw new InvalidOperationException($"No route to the endpoint {MarketDayCardName}");

    /// <summary>The absolute, versioned address of a comparison's card, its events in canonical form.</summary>
    public static string CompareCardUrl(this LinkGenerator links, HttpContext http, IEnumerable<Compare.Event> events, string version) =>
        links.GetUriByName(http, CompareCardName, new { events = Compare.Event.Join(events), v = version })
        ?? throw new InvalidOperationException($"No route to the endpoint {CompareCardName}");

    /// <summary>The ETag of a card version, as the og:image address's ?v= carries it.</summary>
    public static string ETag(string version) => $"\"{version}\"";

    private static Results<FileContentHttpResult, StatusCodeHttpResult, RedirectHttpResult, NotFound> Serve(HttpContext http, CardCache cache,
        string key, string version, Func<byte[]> render)
    {
        var etag = new EntityTagHeaderValue(ETag(version));
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.CacheControl = new CacheControlHeaderValue
        {
            Public = true,
            MaxAge = http.Request.Query["v"] == version ? VersionedMaxAge : BareMaxAge,
        };
        if (http.Request.GetTypedHeaders().IfNoneMatch.Any(e => e.Equals(EntityTagHeaderValue.Any) || e.Compare(etag, useStrongComparison: false)))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.File(cache.GetOrRender(key, render), ContentType);
    }

    private static DateOnly? ParseDay(string date) =>
        DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
