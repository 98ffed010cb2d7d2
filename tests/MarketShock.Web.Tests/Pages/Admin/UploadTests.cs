using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Pages.Admin;

/// <summary>Uploads through the plain multipart form (no script), signed in, and what the admin pages then show.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed partial class UploadTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    private const string Nvda = SampleUploads.Nvda;
    private const string BadAmd = SampleUploads.BadAmd;

    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await app.CreateAdminAsync();
        _admin = await app.SignedInClientAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _admin.Dispose();

    [Fact]
    public async Task An_uploaded_Yahoo_file_is_imported_and_the_result_shows_its_counts()
    {
        var html = await UploadAsync([("NVDA.csv", Nvda)]);

        var result = Result(html, "NVDA.csv");
        Assert.Equal("imported", result.Status);
        Assert.Equal(new Dictionary<string, int> { ["read"] = 4, ["inserted"] = 4, ["updated"] = 0, ["unchanged"] = 0, ["skipped"] = 0 }, result.Counts);
        Assert.Contains("NVDA", result.Text, StringComparison.Ordinal);
        Assert.Contains("2025-01-23 – 2025-01-28", result.Text, StringComparison.Ordinal);
        Assert.Empty(result.Errors);
        Assert.Equal(4L, await app.PriceRowsAsync("NVDA"));
        Assert.Equal(118.42m, await app.CloseAsync("NVDA", new DateOnly(2025, 1, 27)));
        Assert.Equal(AdminSession.Email, await app.ScalarAsync<string>("SELECT imported_by FROM import_logs"));
    }

    [Fact]
    public async Task Two_files_in_one_upload_are_independent_the_bad_one_rejected_with_its_lines_and_none_of_its_rows_stored()
    {
        var html = await UploadAsync([("NVDA.csv", Nvda), ("AMD.csv", BadAmd)]);

        var good = Result(html, "NVDA.csv");
        var bad = Result(html, "AMD.csv");
        Assert.Equal("imported", good.Status);
        Assert.Equal(4, good.Counts["inserted"]);
        Assert.Equal("rejected", bad.Status);
        Assert.Contains(bad.Errors, e => e.StartsWith("line 3, column High", StringComparison.Ordinal));
        Assert.Contains(bad.Errors, e => e.StartsWith("line 5, column Date", StringComparison.Ordinal));
        Assert.Contains("2 errors", bad.Text, StringComparison.Ordinal);
        Assert.Equal(4L, await app.PriceRowsAsync("NVDA"));
        Assert.Equal(0L, await app.PriceRowsAsync("AMD"));
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM companies WHERE ticker = 'AMD'"));
    }

    [Fact]
    public async Task A_dry_run_checks_the_file_and_changes_nothing()
    {
        var before = await app.FingerprintAsync();

        var html = await UploadAsync([("NVDA.csv", Nvda)], new() { ["dryRun"] = "true" });

        var result = Result(html, "NVDA.csv");
        Assert.Equal("imported", result.Status);
        Assert.Contains("dry run", result.Text, StringComparison.Ordinal);
        Assert.Equal(4, result.Counts["read"]);
        Assert.Contains("Dry run: the files were checked and nothing was stored.", AdminSession.Text(html), StringComparison.Ordinal);
        Assert.Equal(before, await app.FingerprintAsync());
        Assert.True(await app.ScalarAsync<bool>("SELECT dry_run FROM import_logs"));
    }

    [Fact]
    public async Task The_ticker_option_names_the_company_of_a_file_whose_name_does_not()
    {
        var html = await UploadAsync([("download (3).csv", Nvda)], new() { ["ticker"] = "nvda" });

        Assert.Equal("imported", Result(html, "download (3).csv").Status);
        Assert.Equal(4L, await app.PriceRowsAsync("NVDA"));
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_refused_with_a_clear_message_and_imports_nothing()
    {
        using var content = SampleUploads.Multipart(await _admin.FormTokenAsync("/admin/uploads"), [("NVDA.csv", Nvda + new string(' ', 2 * 1024 * 1024))]);
        // As curl does for large bodies: the refusal then comes before the body is sent.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/uploads") { Content = content };
        request.Headers.ExpectContinue = true;

        var response = await _admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("The upload is larger than the limit of 1 MB.", AdminSession.Text(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM import_logs"));
    }

    [Fact]
    public async Task An_upload_without_the_antiforgery_token_is_refused_and_imports_nothing()
    {
        using var content = SampleUploads.Multipart(token: null, [("NVDA.csv", Nvda)]);

        var response = await _admin.PostAsync(new Uri("/admin/uploads", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM import_logs"));
        Assert.Equal(0L, await app.PriceRowsAsync("NVDA"));
    }

    [Fact]
    public async Task The_antiforgery_token_may_come_in_the_header_as_the_page_script_sends_it()
    {
        using var content = SampleUploads.Multipart(token: null, [("NVDA.csv", Nvda)]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/uploads") { Content = content };
        request.Headers.Add("RequestVerificationToken", await _admin.FormTokenAsync("/admin/uploads"));

        var response = await _admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(4L, await app.PriceRowsAsync("NVDA"));
    }

    [Fact]
    public async Task An_anonymous_upload_is_sent_to_sign_in_and_imports_nothing()
    {
        using var anonymous = app.CreateClient();
        using var content = SampleUploads.Multipart(token: null, [("NVDA.csv", Nvda)]);

        var response = await anonymous.PostAsync(new Uri("/admin/uploads", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/signin", new Uri(app.BaseAddress, response.Headers.Location!).AbsolutePath);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM import_logs"));
    }

    [Fact]
    public async Task An_upload_without_files_asks_for_them()
    {
        using var content = SampleUploads.Multipart(await _admin.FormTokenAsync("/admin/uploads"), []);

        var response = await _admin.PostAsync(new Uri("/admin/uploads", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Choose one or more CSV files to upload.", AdminSession.Text(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_history_lists_the_imports_newest_first_with_who_and_what()
    {
        await UploadAsync([("NVDA.csv", Nvda)]);
        await UploadAsync([("AMD.csv", BadAmd)]);
        await UploadAsync([("NVDA.csv", Nvda)], new() { ["dryRun"] = "true" });

        var html = await _admin.TextAsync("/admin/imports");

        var rows = HistoryRow().Matches(html).Select(m => AdminSession.Text(m.Value)).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d UTC NVDA\.csv .*imported dry run", rows[0]);
        Assert.Matches(@"AMD\.csv .*rejected", rows[1]);
        Assert.Matches(@"NVDA\.csv .*imported admin@example\.com NVDA 2025-01-23 – 2025-01-28 4 4 0 0 0 \d", rows[2]);
        Assert.All(rows, row => Assert.Contains(AdminSession.Email, row, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_history_shows_50_imports_a_page()
    {
        await app.ExecuteAsync("""
            INSERT INTO import_logs (started_at, imported_by, file_name, size_bytes, sha256, tickers, rows_read, rows_inserted, rows_updated,
                rows_unchanged, rows_skipped, dry_run, status, duration_ms, warnings, errors)
            SELECT now() - make_interval(mins => n), 'cli', 'file-' || n || '.csv', 100, repeat('0', 64), '{}', 1, 1, 0, 0, 0, false, 'Imported', 5, '{}', '[]'
            FROM generate_series(1, 51) n
            """);

        var first = FileNames(await _admin.TextAsync("/admin/imports"));
        var second = FileNames(await _admin.TextAsync("/admin/imports?p=2"));
        var beyond = await _admin.GetAsync(new Uri("/admin/imports?p=3", UriKind.Relative));

        Assert.Equal(Enumerable.Range(1, 50).Select(n => $"file-{n}.csv"), first);
        Assert.Equal(["file-51.csv"], second);
        Assert.Equal(HttpStatusCode.NotFound, beyond.StatusCode);
    }

    [Fact]
    public async Task The_detail_page_of_a_rejected_file_shows_every_error_with_its_line_column_and_value()
    {
        await UploadAsync([("AMD.csv", BadAmd)]);
        var id = await app.ScalarAsync<long>("SELECT id FROM import_logs");

        var text = AdminSession.Text(await _admin.TextAsync($"/admin/imports/{id}"));

        Assert.Contains("AMD.csv", text, StringComparison.Ordinal);
        Assert.Contains("2 errors", text, StringComparison.Ordinal);
        Assert.Matches(@"Line Column Value Message 3 High 116\.7 \S.* 5 Date 2025/01/28 \S", text);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(BadAmd))), text, StringComparison.Ordinal);
        Assert.Contains($"Size {Encoding.UTF8.GetByteCount(BadAmd)} bytes SHA-256", text, StringComparison.Ordinal);
        Assert.Contains(AdminSession.Email, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_detail_page_of_an_unknown_import_is_not_found()
    {
        var response = await _admin.GetAsync(new Uri("/admin/imports/999999", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Uploads through the form as a browser without script does, follows the redirect, and returns the results page.</summary>
    private async Task<string> UploadAsync((string Name, string Content)[] files, Dictionary<string, string>? fields = null)
    {
        using var content = SampleUploads.Multipart(await _admin.FormTokenAsync("/admin/uploads"), files, fields);
        var response = await _admin.PostAsync(new Uri("/admin/uploads", UriKind.Relative), content);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"the upload answered {response.StatusCode}: {AdminSession.Text(await response.Content.ReadAsStringAsync())}");
        var location = new Uri(app.BaseAddress, response.Headers.Location!);
        Assert.Equal("/admin/uploads", location.AbsolutePath);
        return await _admin.GetStringAsync(location);
    }

    private static UploadResult Result(string html, string fileName)
    {
        var match = Regex.Match(html, $"""<tbody class="result" data-file="{Regex.Escape(WebUtility.HtmlEncode(fileName))}" data-status="([a-z]+)">(.*?)</tbody>""",
            RegexOptions.Singleline);
        Assert.True(match.Success, $"no result for {fileName} in: {AdminSession.Text(html)}");
        var body = match.Groups[2].Value;
        return new UploadResult(
            match.Groups[1].Value,
            CountCell().Matches(body).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)),
            AdminSession.Text(body),
            [.. ListItem().Matches(ErrorList().Match(body).Groups[1].Value).Select(m => AdminSession.Text(m.Groups[1].Value).Trim())]);
    }

    private static List<string> FileNames(string html) => [.. HistoryRow().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    private sealed record UploadResult(string Status, Dictionary<string, int> Counts, string Text, List<string> Errors);

    [GeneratedRegex("""data-count="([a-z]+)">([\d,]+)</td>""")]
    private static partial Regex CountCell();

    [GeneratedRegex("""<ol class="errors">(.*?)</ol>""", RegexOptions.Singleline)]
    private static partial Regex ErrorList();

    [GeneratedRegex("<li>(.*?)</li>", RegexOptions.Singleline)]
    private static partial Regex ListItem();

    [GeneratedRegex("""<tr data-id="\d+">.*?<th scope="row" class="file"><a href="/admin/imports/\d+">([^<]+)</a>.*?</tr>""", RegexOptions.Singleline)]
    private static partial Regex HistoryRow();
}
