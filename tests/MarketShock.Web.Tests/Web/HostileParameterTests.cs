using System.Net;
using System.Text.Json;
using MarketShock.Tests.Api;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Web;

/// <summary>
/// Every query parameter of the reader pages and the API, given what an attacker or a broken link sends: quotes and SQL,
/// control characters and NUL, huge, negative and non-finite numbers, dates at the ends of the calendar, very long strings.
/// Each answer is a 400 with a reason, an empty result or a not-found page; never a server error.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class HostileParameterTests(AppFixture app) : ApiTestBase(app)
{
    /// <summary>Each address with the parameters it reads (plus one it does not).</summary>
    private static readonly (string Path, string[] Parameters)[] Addresses =
    [
        ("/shocks", ["ticker", "sector", "from", "to", "minLossUsd", "minSigma", "shocksOnly", "sort", "page", "unknown"]),
        ("/shocks.csv", ["ticker", "sector", "from", "to", "minLossUsd", "minSigma", "shocksOnly", "sort"]),
        ("/api/shocks", ["ticker", "sector", "from", "to", "minLossUsd", "minSigma", "shocksOnly", "sort", "limit", "offset", "unknown"]),
        ("/companies", ["q"]),
        ("/companies/AAA", ["range"]),
        ("/companies/AAA/2025-01-07", ["unknown"]),
        ("/days/2025-01-07", ["all"]),
        ("/compare", ["events"]),
        ("/api/compare", ["events"]),
        ("/api/companies", ["unknown"]),
        ("/api/companies/AAA/series", ["from", "to"]),
        ("/", ["unknown"]),
    ];

    private static readonly string[] HostileValues =
    [
        "'", "\"", "' OR '1'='1", "1; DROP TABLE companies; --", "%00", "a%00b", "%01", "%1B[31m", "%7F", "-1", "0", "-0",
        "99999999999999999999999999999", "-9e999", "1e400", "NaN", "Infinity", "0001-01-01", "9999-12-31", "10000-01-01",
        "2025-02-30", "%E2%80%AE", "%F0%9F%92%A5", "%C0%AF", new string('x', 5_000), "AAA%2C" + new string('Z', 2_000),
    ];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (path, parameters) in Addresses)
            foreach (var parameter in parameters)
                data.Add(path, parameter);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_value_gets_a_clear_answer_never_a_server_error(string path, string parameter)
    {
        var failures = new List<string>();
        foreach (var value in HostileValues)
        {
            var address = $"{path}?{parameter}={value}";
            using var response = await Client.GetAsync(new Uri(address, UriKind.Relative));
            var status = (int)response.StatusCode;
            if (status >= 500 || status is not (200 or 301 or 302 or 400 or 404))
                failures.Add($"{address[..Math.Min(address.Length, 120)]}: {status}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_nul_in_the_api_s_sector_is_a_400_naming_the_parameter() =>
        Assert.Equal("The parameter \"sector\" holds a control character.", await BadRequestDetailAsync("/api/shocks?sector=a%00b"));

    [Fact]
    public async Task A_control_character_in_a_page_s_parameter_is_a_400_page_saying_which()
    {
        using var response = await Client.GetAsync(new Uri("/shocks?sector=%01Tech", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("<h1>Bad request</h1>", html, StringComparison.Ordinal);
        Assert.Contains("The parameter \"sector\" holds a control character.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_too_long_for_any_parameter_is_a_400_saying_how_long() =>
        Assert.Equal("The parameter \"events\" is 1,001 characters long; at most 1,000 are accepted.",
            await BadRequestDetailAsync($"/api/compare?events={new string('A', 1_001)}"));

    [Fact]
    public async Task A_quote_or_sql_in_a_filter_is_matched_as_text_and_finds_nothing()
    {
        using var response = await Client.GetAsync(new Uri("/api/shocks?sector=%27%20OR%20%271%27%3D%271", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(0, body.RootElement.GetProperty("items").GetArrayLength());
        Assert.Equal(0, body.RootElement.GetProperty("total").GetInt32());
    }

    /// <summary>The detail of the API's problem answer to a request it refuses with 400.</summary>
    private async Task<string?> BadRequestDetailAsync(string address)
    {
        using var response = await Client.GetAsync(new Uri(address, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString();
    }
}
