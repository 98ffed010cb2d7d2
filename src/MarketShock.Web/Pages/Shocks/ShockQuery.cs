using System.Globalization;
using MarketShock.Api;
using MarketShock.Data;
using MarketShock.Market;

namespace MarketShock.Pages.Shocks;

/// <summary>
/// The leaderboard's query string, read in one place for /shocks and /shocks.csv. The names are the API's (ticker,
/// sector, from, to, minLossUsd, minSigma, sort, shocksOnly) and p, the page. Unlike the API, shocks only is the
/// default: the form sends shocksOnly=false from a hidden field and shocksOnly=true from the checked checkbox, so
/// any "true" means on, "false" alone means off.
/// </summary>
internal sealed record ShockQuery(string? Ticker = null, string? Sector = null, DateOnly? From = null, DateOnly? To = null,
    decimal? MinLossUsd = null, decimal? MinSigma = null, bool ShocksOnly = true, ShockBoard.Sort Sort = ShockBoard.Sort.Loss, int Page = 1)
{
    private static readonly Dictionary<string, bool> Booleans = new() { ["true"] = true, ["false"] = false };

    /// <summary>The query, and a message per bad parameter (none when it can be run).</summary>
    public sealed record Parsed(ShockQuery Query, IDictionary<string, string[]> Errors);

    public static Parsed Parse(IQueryCollection query)
    {
        string? Value(string name) => query[name].LastOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
        var args = new ApiArguments();
        var (from, to) = (args.Date("from", Value("from")), args.Date("to", Value("to")));
        args.Check(from is null || to is null || from <= to, "to", "'to' is before 'from'.");
        var flags = query["shocksOnly"].Select(v => args.OneOf("shocksOnly", v, Booleans, true)).ToList();
        var parsed = new ShockQuery(Value("ticker"), Value("sector"), from, to,
            args.NonNegativeNumber("minLossUsd", Value("minLossUsd")), args.NonNegativeNumber("minSigma", Value("minSigma")),
            flags.Count == 0 || flags.Contains(true), args.OneOf("sort", Value("sort"), ShockBoard.SortNames, ShockBoard.Sort.Loss),
            args.Whole(Pager.Parameter, Value(Pager.Parameter), 1, 1, int.MaxValue));
        return new Parsed(parsed, args.Problem?.ProblemDetails.Errors ?? new Dictionary<string, string[]>());
    }

    /// <summary>The board's filter, with the ticker spelled as stored; null when no company has the ticker.</summary>
    public async Task<(ShockBoard.Filter Filter, ShockQuery Query)?> ResolveAsync(MarketShockDbContext db, CancellationToken ct)
    {
        int? companyId = null;
        var query = this;
        if (Ticker is not null)
        {
            if (await MarketApi.CompanyAsync(db, Ticker, ct) is not { } company)
                return null;
            (companyId, query) = (company.Id, this with { Ticker = company.Ticker });
        }
        return (new ShockBoard.Filter(companyId, Sector, From, To, MinLossUsd, (double?)MinSigma, ShocksOnly, Sort), query);
    }

    public QueryString ToQueryString(bool withPage = true) =>
        QueryString.Create(Values(withPage).Select(v => KeyValuePair.Create(v.Key, (string?)v.Value)));

    /// <summary>The query string's values, leaving out the defaults: the canonical address of this view, and its pages.</summary>
    public Dictionary<string, string> Values(bool withPage = true)
    {
        var values = new Dictionary<string, string>();
        void Add(string name, string? value)
        {
            if (value is not null)
                values[name] = value;
        }
        Add("ticker", Ticker);
        Add("sector", Sector);
        Add("from", From is { } f ? Display.Iso(f) : null);
        Add("to", To is { } t ? Display.Iso(t) : null);
        Add("minLossUsd", MinLossUsd?.ToString(CultureInfo.InvariantCulture));
        Add("minSigma", MinSigma?.ToString(CultureInfo.InvariantCulture));
        Add("shocksOnly", ShocksOnly ? null : "false");
        Add("sort", Sort == ShockBoard.Sort.Loss ? null : ShockBoard.SortNames.First(s => s.Value == Sort).Key);
        Add(Pager.Parameter, withPage && Page > 1 ? Page.ToString(CultureInfo.InvariantCulture) : null);
        return values;
    }
}
