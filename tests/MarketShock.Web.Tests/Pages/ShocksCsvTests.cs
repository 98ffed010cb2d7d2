using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using MarketShock.Tests.Api;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Pages;

/// <summary>/shocks.csv: every row the leaderboard lists for the same query string, for spreadsheets.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class ShocksCsvTests(AppFixture app) : IDisposable
{
    private const string Header = "ticker,name,sector,date,close,previous_close,change_pct,market_cap_before,market_cap_change,"
        + "market_cap_approximate,sigma,rank_in_company,is_shock,permalink,label,label_url";

    private static readonly string[] NumberColumns = ["close", "previous_close", "change_pct", "market_cap_before", "market_cap_change", "sigma", "rank_in_company"];

    private readonly HttpClient _client = app.CreateClient();
    private readonly Files _files = new();

    public void Dispose()
    {
        _client.Dispose();
        _files.Dispose();
    }

    [Theory]
    [InlineData("shocksOnly=false&sort=change", "shocksOnly=false&sort=change")]
    [InlineData("", "shocksOnly=true")]
    [InlineData("sector=technology&minLossUsd=1000000000&shocksOnly=false&p=3", "sector=technology&minLossUsd=1000000000&shocksOnly=false")]
    public async Task The_csv_has_every_row_the_api_lists_over_all_its_pages(string csvQuery, string apiQuery)
    {
        await ReaderData.EnsureAsync(app);
        var (_, items) = await ReaderChecks.AllShocksAsync(_client, apiQuery);

        var (header, rows) = await CsvAsync($"/shocks.csv?{csvQuery}");

        Assert.Equal(Header, string.Join(',', header));
        Assert.Equal(items.Count, rows.Count);
        Assert.Equal(ApiData.ShockKeys(JsonSerializer.SerializeToElement(items)), rows.Select(r => $"{r["ticker"]} {r["date"]}"));
        foreach (var (row, item) in rows.Zip(items))
        {
            Assert.Equal(item.Text("permalink"), row["permalink"]);
            Assert.Equal((item.GetProperty("label").GetString() ?? "", item.GetProperty("labelUrl").GetString() ?? ""), (row["label"], row["label_url"]));
            Assert.Equal(Number(item, "marketCapChange"), row["market_cap_change"]);
            Assert.Equal(Number(item, "changePct"), row["change_pct"]);
            Assert.Equal(Number(item, "sigma"), row["sigma"]);
            Assert.Equal(item.GetProperty("marketCapApproximate").GetBoolean() ? "true" : "false", row["market_cap_approximate"]);
            Assert.All(NumberColumns, c => Assert.Matches(@"^(-?\d+(\.\d+)?)?$", row[c]));
        }
        if (csvQuery.Length == 0)
            Assert.All(rows, r => Assert.Equal("true", r["is_shock"]));
    }

    [SampleDataFact]
    public async Task On_the_real_data_the_csv_has_the_335_shocks_with_Nvidias_loss_as_a_plain_number()
    {
        await ReaderData.EnsureAsync(app);

        var (_, rows) = await CsvAsync("/shocks.csv");

        Assert.Equal(335, rows.Count);
        var nvda = rows[0];
        Assert.Equal(("NVDA", "NVIDIA Corporation", "2025-01-27"), (nvda["ticker"], nvda["name"], nvda["date"]));
        Assert.Equal(("118.42", "142.62", "-592658000000", "1"), (nvda["close"], nvda["previous_close"], nvda["market_cap_change"], nvda["rank_in_company"]));
        Assert.StartsWith("-16.968", nvda["change_pct"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_csv_is_a_utf8_text_csv_download()
    {
        await ReaderData.EnsureAsync(app);

        using var response = await _client.GetAsync(new Uri("/shocks.csv", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_company_name_a_spreadsheet_would_run_as_a_formula_is_neutralised()
    {
        await app.ResetAsync();
        await ThreeCompanies.ImportAsync(app, _files);
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("renamed.csv", """
            Ticker,Name,Sector,Industry,Exchange
            AAA,"=HYPERLINK(""http://x"")",Technology,Software,NASDAQ
            BBB,+cmd|' /C calc'!A0,Consumer Cyclical,Retail,NYSE
            CCC,@SUM(1+1),Communication Services,Media,NASDAQ
            """)));

        var text = await _client.GetStringAsync(new Uri("/shocks.csv?shocksOnly=false", UriKind.Relative));
        var (_, rows) = Parse(text);

        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", text, StringComparison.Ordinal);
        var names = rows.ToLookup(r => r["ticker"], r => r["name"]);
        Assert.Equal("'=HYPERLINK(\"http://x\")", names["AAA"].Distinct().Single());
        Assert.Equal("'+cmd|' /C calc'!A0", names["BBB"].Distinct().Single());
        Assert.Equal("'@SUM(1+1)", names["CCC"].Distinct().Single());
        // The week's eight down days (ThreeCompanies), with CCC's missing dollar figures as empty cells.
        Assert.Equal(ThreeCompanies.ShocksByLoss, rows.Select(r => $"{r["ticker"]} {r["date"]}"));
        Assert.Equal(["-12000", "-10000", "-4950", "-4000", "-1760", "-1000", "", ""], rows.Select(r => r["market_cap_change"]));
    }

    [Theory]
    [InlineData("from=2025-13-01", "from: '2025-13-01' is not a date in the form yyyy-MM-dd.")]
    [InlineData("minSigma=-1", "minSigma: '-1' is not a number of zero or more")]
    [InlineData("shocksOnly=maybe", "shocksOnly: 'maybe' is not one of: true, false.")]
    public async Task A_bad_query_answers_400_with_a_plain_message(string query, string message)
    {
        using var response = await _client.GetAsync(new Uri($"/shocks.csv?{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_ticker_answers_404_saying_so()
    {
        using var response = await _client.GetAsync(new Uri("/shocks.csv?ticker=NOPE", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No company has the ticker 'NOPE'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string Number(JsonElement item, string name) =>
        item.GetProperty(name) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble().ToString("R", CultureInfo.InvariantCulture) : "";

    private async Task<(string[] Header, List<Dictionary<string, string>> Rows)> CsvAsync(string url)
    {
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}: {text}");
        return Parse(text);
    }

    /// <summary>RFC 4180: fields split on commas outside quotes, "" inside quotes is one quote, rows end with CRLF.</summary>
    private static (string[] Header, List<Dictionary<string, string>> Rows) Parse(string text)
    {
        var records = new List<List<string>>();
        var (field, record, quoted) = (new StringBuilder(), new List<string>(), false);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    (field, i) = (field.Append('"'), i + 1);
                else if (c == '"')
                    quoted = false;
                else
                    field.Append(c);
            }
            else if (c == '"')
                quoted = true;
            else if (c == ',')
                (record, field) = (Add(record, field), new StringBuilder());
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                records.Add(Add(record, field));
                (record, field, i) = (new List<string>(), new StringBuilder(), i + 1);
            }
            else
                field.Append(c);
        }
        Assert.True(field.Length == 0 && record.Count == 0, "the CSV does not end with CRLF");
        var header = records[0].ToArray();
        return (header, [.. records.Skip(1).Select(r =>
        {
            Assert.Equal(header.Length, r.Count);
            return header.Zip(r).ToDictionary(p => p.First, p => p.Second);
        })]);
    }

    private static List<string> Add(List<string> record, StringBuilder field)
    {
        record.Add(field.ToString());
        return record;
    }
}
