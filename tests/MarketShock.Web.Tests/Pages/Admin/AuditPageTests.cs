using System.Net;
using System.Text.RegularExpressions;
using MarketShock.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MarketShock.Tests.Pages.Admin;

/// <summary>/admin/audit: every sign-in, failed or not, sign-out, upload and admin command, newest first, with who, where and what.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed partial class AuditPageTests(AppFixture app) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await app.CreateAdminAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("GET", "/admin/audit")]
    [InlineData("POST", "/admin/audit")]
    [InlineData("GET", "/admin/companies")]
    [InlineData("POST", "/admin/companies")]
    [InlineData("GET", "/admin/companies/NVDA")]
    [InlineData("POST", "/admin/companies/NVDA")]
    public async Task The_audit_and_company_pages_send_an_anonymous_visitor_to_sign_in(string method, string path)
    {
        using var client = app.CreateClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Name"] = "Hijacked" });

        var response = method == "GET" ? await client.GetAsync(new Uri(path, UriKind.Relative))
            : await client.PostAsync(new Uri(path, UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/signin", new Uri(app.BaseAddress, response.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task A_failed_sign_in_shows_with_the_email_typed_encoded_and_why_it_failed()
    {
        const string Typed = "<script>alert(1)</script>@example.com";
        using var stranger = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await stranger.SignInAsync(Typed, "Whatever-it-is-42")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await stranger.SignInAsync(AdminSession.Email, "Wrong-Horse-42-Battery")).StatusCode);

        using var admin = await app.SignedInClientAsync();
        var html = await admin.TextAsync("/admin/audit");

        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        var rows = Rows(html);
        Assert.Equal(["sign-in.succeeded", "sign-in.failed", "sign-in.failed"], rows.Select(r => r.Action));
        Assert.Equal((Typed, "127.0.0.1", "no admin has this email"), (rows[2].Who, rows[2].Address, rows[2].What));
        Assert.Equal((AdminSession.Email, "127.0.0.1", "wrong password"), (rows[1].Who, rows[1].Address, rows[1].What));
        Assert.Equal(AdminSession.Email, rows[0].Who);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$", rows[0].When);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_address_is_the_client_it_names()
    {
        // The tests' proxy is loopback, which the site believes by default.
        using var proxied = app.CreateClient();
        proxied.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        Assert.Equal(HttpStatusCode.Redirect, (await proxied.SignInAsync(AdminSession.Email, AdminSession.Password)).StatusCode);

        var rows = Rows(await proxied.TextAsync("/admin/audit"));

        Assert.Equal(("sign-in.succeeded", "203.0.113.7"), (rows[0].Action, rows[0].Address));
    }

    [Fact]
    public async Task Five_wrong_passwords_show_as_failures_and_then_the_lockout()
    {
        using var stranger = app.CreateClient();
        for (var i = 0; i < 6; i++)
            await stranger.SignInAsync(AdminSession.Email, "Wrong-Horse-42-Battery");
        await app.ExecuteAsync("UPDATE identity_users SET lockout_end = NULL");

        using var admin = await app.SignedInClientAsync();
        var rows = Rows(await admin.TextAsync("/admin/audit"));

        Assert.Equal(7, rows.Count);
        Assert.All(rows.Skip(1).TakeLast(4), r => Assert.Equal("wrong password", r.What));
        Assert.All(rows.Skip(1).Take(2), r => Assert.StartsWith("the account is locked for ", r.What, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signing_out_shows_in_the_audit()
    {
        using var admin = await app.SignedInClientAsync();
        var token = await admin.FormTokenAsync("/admin/uploads");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync(new Uri("/admin/signout", UriKind.Relative), form)).StatusCode);

        using var again = await app.SignedInClientAsync();
        var rows = Rows(await again.TextAsync("/admin/audit"));

        Assert.Equal(["sign-in.succeeded", "sign-out", "sign-in.succeeded"], rows.Select(r => r.Action));
    }

    [Fact]
    public async Task Each_uploaded_file_shows_with_its_name_and_outcome()
    {
        using var admin = await app.SignedInClientAsync();
        using var content = SampleUploads.Multipart(await admin.FormTokenAsync("/admin/uploads"), [("NVDA.csv", SampleUploads.Nvda), ("AMD.csv", SampleUploads.BadAmd)]);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync(new Uri("/admin/uploads", UriKind.Relative), content)).StatusCode);

        var rows = Rows(await admin.TextAsync("/admin/audit"));

        Assert.Equal(["upload.rejected", "upload.imported", "sign-in.succeeded"], rows.Select(r => r.Action));
        Assert.Equal("NVDA.csv (yahoo · prices, NVDA): 4 rows read, 4 inserted, 0 updated, 0 unchanged, 0 skipped", rows[1].What);
        Assert.StartsWith("AMD.csv (yahoo · prices", rows[0].What, StringComparison.Ordinal);
        Assert.Contains("first error: line 3", rows[0].What, StringComparison.Ordinal);
        Assert.Equal(AdminSession.Email, rows[0].Who);
    }

    [Fact]
    public async Task A_password_changed_at_the_command_line_shows_as_from_the_command_line()
    {
        var result = await app.RunAsync(["admin", "password", AdminSession.Email],
            new Dictionary<string, string> { ["MARKETSHOCK_ADMIN_PASSWORD"] = "Staple-Battery-Horse-17" });
        Assert.True(result.ExitCode == 0, result.Error);
        var added = await app.RunAsync(["admin", "add", "second@example.com"],
            new Dictionary<string, string> { ["MARKETSHOCK_ADMIN_PASSWORD"] = "Second-Battery-Horse-17" });
        Assert.True(added.ExitCode == 0, added.Error);

        using var admin = app.CreateClient();
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SignInAsync("second@example.com", "Second-Battery-Horse-17")).StatusCode);
        var rows = Rows(await admin.TextAsync("/admin/audit"));

        Assert.Equal(["sign-in.succeeded", "admin.created", "admin.password-changed"], rows.Select(r => r.Action));
        Assert.Equal(("command line", $"{AdminSession.Email}: a new password; every session of this admin ends"), (rows[2].Address, rows[2].What));
        Assert.Equal(("command line", "second@example.com: a new admin"), (rows[1].Address, rows[1].What));
        Assert.Equal(Environment.UserName, rows[2].Who);
    }

    [Fact]
    public async Task An_admin_created_from_the_configuration_shows_once_as_from_the_configuration()
    {
        const string email = "configured@example.com", password = "Configured-Battery-Horse-17";
        // Started twice: the second start finds the admin there and records nothing.
        for (var start = 0; start < 2; start++)
        {
            await using var site = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
                .UseSetting("MarketShock:Admin:Email", email)
                .UseSetting("MarketShock:Admin:Password", password));
            using var client = site.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        }

        using var admin = app.CreateClient();
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SignInAsync(email, password)).StatusCode);
        var rows = Rows(await admin.TextAsync("/admin/audit"));

        Assert.Equal(["sign-in.succeeded", "admin.created"], rows.Select(r => r.Action));
        Assert.Equal((Environment.UserName, "configuration", $"{email}: a new admin, from the site's configuration (MarketShock:Admin:Email)"),
            (rows[1].Who, rows[1].Address, rows[1].What));
    }

    [Fact]
    public async Task The_audit_shows_50_entries_a_page_newest_first()
    {
        await app.ExecuteAsync("""
            INSERT INTO audit_entries (at, who, address, action, details)
            SELECT timestamptz '2026-01-01 00:00Z' + n * interval '1 minute', 'old@example.com', '10.0.0.1', 'event-label.added', 'entry ' || n
            FROM generate_series(1, 60) n
            """);
        using var admin = await app.SignedInClientAsync();

        var first = Rows(await admin.TextAsync("/admin/audit"));
        var second = Rows(await admin.TextAsync("/admin/audit?p=2"));
        var past = await admin.GetAsync(new Uri("/admin/audit?p=3", UriKind.Relative));

        Assert.Equal(50, first.Count);
        Assert.Equal(("sign-in.succeeded", "entry 60", "entry 12"), (first[0].Action, first[1].What, first[49].What));
        Assert.Equal(["entry 11", "entry 10", "entry 9"], second.Take(3).Select(r => r.What));
        Assert.Equal(11, second.Count);
        Assert.Equal(HttpStatusCode.NotFound, past.StatusCode);
    }

    internal sealed record Row(string When, string Who, string Address, string Action, string What);

    /// <summary>The rows of the audit table as a reader sees them, top first.</summary>
    internal static List<Row> Rows(string html) =>
    [
        .. AuditRow().Matches(html).Select(m => m.Groups.Cast<Group>().Skip(1).Select(g => AdminSession.Text(g.Value)).ToArray())
            .Select(c => new Row(c[0], c[1], c[2], c[3], c[4])),
    ];

    [GeneratedRegex(@"<tr data-id=""\d+"">\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>\s*<th[^>]*>(.*?)</th>\s*<td[^>]*>(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex AuditRow();
}
