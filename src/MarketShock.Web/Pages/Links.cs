using System.Globalization;

namespace MarketShock.Pages;

/// <summary>
/// The public URLs of the reader pages (DESIGN.md's contract), built from the page routes so that the API and
/// the pages can never disagree about an address.
/// </summary>
public static class Links
{
    public const string CompanyDayPage = "/Companies/Day";
    public const string CompanyPage = "/Companies/Company";
    public const string MarketDayPage = "/Days/Day";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The absolute, canonical permalink of a company-day.</summary>
    public static string CompanyDay(this LinkGenerator links, HttpContext http, string ticker, DateOnly date) =>
        links.GetUriByPage(http, CompanyDayPage, handler: null, values: new { ticker, date = Date(date) })
        ?? throw new InvalidOperationException($"No route to the page {CompanyDayPage}");
}
