using MarketShock.Data;
using MarketShock.Imports;
using MarketShock.Market;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MarketShock.Api;

/// <summary>
/// The JSON API. Money is in US dollars, changes in percent, dates yyyy-MM-dd; pages and scripts depend
/// on these names, so they only ever gain fields.
/// </summary>
internal static class MarketApi
{
    public static void MapMarketApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Market");
        api.MapGet("/shocks", ShocksEndpoint.ListAsync)
            .WithSummary("The worst single-day moves, filtered, sorted and paged.")
            .Produces<ShocksEndpoint.ShockPage>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/companies", CompaniesEndpoint.ListAsync)
            .WithSummary("Every tracked company with its first and latest day.");
        api.MapGet("/companies/{ticker}/series", CompaniesEndpoint.SeriesAsync)
            .WithSummary("A company's daily closes, market caps and changes.")
            .Produces<CompaniesEndpoint.CompanySeries>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/companies/{ticker}/{date}", CompanyDayEndpoint.GetAsync)
            .WithSummary("Every figure of one company-day, with its history and the market that day.")
            .Produces<CompanyDayEndpoint.CompanyDay>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/days/{date}", MarketDayEndpoint.GetAsync)
            .WithSummary("One market day: every tracked company's move and the totals.")
            .Produces<MarketDayEndpoint.MarketDay>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/compare", CompareEndpoint.GetAsync)
            .WithSummary("Shocks aligned on day 0: each event's cumulative change from the close before it, 10 trading days before to 60 after.");
    }

    /// <summary>
    /// Errors as problem details under /api and as the error page elsewhere: unhandled exceptions (outside
    /// Development, which shows the developer page; 503 when the database did not answer) and error statuses without a body.
    /// </summary>
    public static void UseErrorResponses(this IApplicationBuilder app, string errorPage, IHostEnvironment environment)
    {
        static bool IsApi(HttpContext http) => http.Request.Path.StartsWithSegments("/api");
        app.UseWhen(IsApi, api =>
        {
            if (!environment.IsDevelopment())
                api.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = DatabaseStartupServices.StatusFor });
            api.UseStatusCodePages();
        });
        app.UseWhen(http => !IsApi(http), site =>
        {
            if (!environment.IsDevelopment())
                site.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = errorPage, StatusCodeSelector = DatabaseStartupServices.StatusFor });
            site.UseStatusCodePagesWithReExecute(errorPage, "?status={0}");
        });
    }

    /// <summary>
    /// The company of a ticker in a URL. Tickers are case-insensitive: another spelling of a known one is
    /// redirected to the upper-case URL; an unknown one is a 404.
    /// </summary>
    public static async Task<(Company? Company, IResult? Answer)> FindCompanyAsync(MarketShockDbContext db, HttpContext http, string ticker, CancellationToken ct)
    {
        var company = await CompanyAsync(db, ticker, ct);
        if (company is null)
            return (null, UnknownTicker(ticker));
        if (ticker != company.Ticker)
        {
            // The routes are /api/companies/{ticker}/...: only that segment changes.
            var segments = http.Request.Path.Value!.Split('/');
            segments[Array.IndexOf(segments, "companies") + 1] = company.Ticker;
            var path = http.Request.PathBase + new PathString(string.Join('/', segments));
            return (null, TypedResults.Redirect(path.ToUriComponent() + http.Request.QueryString, permanent: true, preserveMethod: true));
        }
        return (company, null);
    }

    /// <summary>The company of a ticker written in any case (normalised as the importer does), or null.</summary>
    public static Task<Company?> CompanyAsync(MarketShockDbContext db, string ticker, CancellationToken ct)
    {
        var canonical = Tickers.Normalise(ticker);
        return db.Companies.AsNoTracking().FirstOrDefaultAsync(c => c.Ticker == canonical, ct);
    }

    public static ProblemHttpResult UnknownTicker(string ticker) => NotFound("Unknown ticker", $"No company has the ticker '{ticker}'.");

    public static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: title);

    public static double? Percent(double? fraction) => fraction * 100;

    /// <summary>Rounded to the cent, which also drops the last-digit noise of converting decimal to double.</summary>
    public static double? Dollars(decimal? amount) => amount is { } value ? Math.Round((double)value, 2) : null;
}
