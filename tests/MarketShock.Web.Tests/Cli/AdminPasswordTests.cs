using System.Net;
using MarketShock.Tests.Infrastructure;
using MarketShock.Tests.Pages.Admin;

namespace MarketShock.Tests.Cli;

/// <summary><c>admin password &lt;email&gt;</c>: a new password under the same rules, and every session of that admin ended.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class AdminPasswordTests(AppFixture app) : IAsyncLifetime
{
    private const string NewPassword = "Staple-Battery-Horse-17";

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await app.CreateAdminAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Changing_the_password_ends_the_open_session_and_only_the_new_password_signs_in()
    {
        using var session = await app.SignedInClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync(new Uri("/admin/uploads", UriKind.Relative))).StatusCode);

        var result = await ChangeAsync(AdminSession.Email, NewPassword);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("password changed", result.Output, StringComparison.Ordinal);
        var after = await session.GetAsync(new Uri("/admin/uploads", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/admin/signin", new Uri(app.BaseAddress, after.Headers.Location!).AbsolutePath);
        using var old = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await old.SignInAsync(AdminSession.Email, AdminSession.Password)).StatusCode);
        using var fresh = app.CreateClient();
        Assert.Equal(HttpStatusCode.Redirect, (await fresh.SignInAsync(AdminSession.Email, NewPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync(new Uri("/admin/uploads", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_new_password_can_come_from_standard_input()
    {
        var result = await app.RunAsync(["admin", "password", AdminSession.Email], new Dictionary<string, string> { ["MARKETSHOCK_ADMIN_PASSWORD"] = "" },
            NewPassword + "\n");

        Assert.True(result.ExitCode == 0, result.Error);
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(AdminSession.Email, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_email_fails_with_a_message()
    {
        var result = await ChangeAsync("nobody@example.com", NewPassword);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("admin password: No admin has the email nobody@example.com.", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Short-42-pw", "at least 12 characters")]
    [InlineData("Qwerty123456", "one of the most common passwords")]
    public async Task A_password_the_rules_refuse_is_not_set_and_the_session_goes_on(string password, string message)
    {
        using var session = await app.SignedInClientAsync();

        var result = await ChangeAsync(AdminSession.Email, password);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync(new Uri("/admin/uploads", UriKind.Relative))).StatusCode);
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(AdminSession.Email, AdminSession.Password)).StatusCode);
    }

    private Task<CliResult> ChangeAsync(string email, string password) =>
        app.RunAsync(["admin", "password", email], new Dictionary<string, string> { ["MARKETSHOCK_ADMIN_PASSWORD"] = password });
}
