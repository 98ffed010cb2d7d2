using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Cli;

[Collection(AppCollectionDefinition.Name)]
public sealed class CommandTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    private readonly Files _files = new();

    private const string Email = "someone@example.com";
    private const string Password = "Correct-Horse-42-Battery";
    private const string PasswordVariable = "MARKETSHOCK_ADMIN_PASSWORD";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Help_lists_every_verb()
    {
        var result = await app.RunAsync(["--help"]);

        Assert.True(result.ExitCode == 0, Describe(result));
        foreach (var verb in new[] { "migrate", "import", "recompute", "admin" })
            Assert.Contains(verb, result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("import", "--ticker --kind --dry-run paths")]
    [InlineData("migrate", "migrations")]
    [InlineData("recompute", "derived")]
    [InlineData("admin add", "email MARKETSHOCK_ADMIN_PASSWORD")]
    [InlineData("admin password", "email MARKETSHOCK_ADMIN_PASSWORD session")]
    public async Task Help_of_a_verb_describes_its_arguments_and_options(string verb, string mentions)
    {
        var result = await app.RunAsync([.. verb.Split(' '), "--help"]);

        Assert.True(result.ExitCode == 0, Describe(result));
        Assert.Contains("Usage", result.Output, StringComparison.Ordinal);
        foreach (var word in mentions.Split(' '))
            Assert.Contains(word, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_fails_with_a_message()
    {
        var result = await app.RunAsync(["import", "--no-such-option", "x.csv"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--no-such-option", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_whose_database_is_down_says_so_in_one_line_and_fails()
    {
        var result = await app.RunAsync(["migrate"], new Dictionary<string, string>
        {
            ["ConnectionStrings__MarketShock"] = "Host=127.0.0.1;Port=1;Username=marketshock;Database=marketshock",
            ["MarketShock__Database__MaxRetryCount"] = "1",
        });

        Assert.Equal(1, result.ExitCode);
        var output = result.Output + result.Error;
        Assert.Contains("MarketShock cannot reach its database: Failed to connect to 127.0.0.1:1.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_negative_retry_count_stops_the_start_naming_the_setting()
    {
        var result = await app.RunAsync(["migrate"], new Dictionary<string, string> { ["MarketShock__Database__MaxRetryCount"] = "-1" });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("MarketShock:Database:MaxRetryCount must be 0 or more and MaxRetryDelay not negative (they are -1 and 00:00:05).",
            result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_succeeds_on_an_up_to_date_database()
    {
        var result = await app.RunAsync(["migrate"]);

        Assert.True(result.ExitCode == 0, Describe(result));
        Assert.True(await app.ScalarAsync<long>("SELECT count(*) FROM \"__EFMigrationsHistory\"") > 0);
    }

    [Fact]
    public async Task Recompute_rebuilds_every_figure_from_the_stored_prices()
    {
        var prices = _files.Write("AAA.csv", "Date,Close\n2024-01-02,100\n2024-01-03,90\n2024-01-04,99\n");
        Assert.True((await app.RunAsync(["import", prices])).ExitCode == 0);
        var computed = await app.FingerprintAsync();
        await app.ExecuteAsync("UPDATE daily_moves SET change = 0.5, suspected_split = true, ranked = false");

        var result = await app.RunAsync(["recompute"]);

        Assert.True(result.ExitCode == 0, Describe(result));
        Assert.Contains("recompute: 3 company-days", result.Output, StringComparison.Ordinal);
        Assert.Equal(computed, await app.FingerprintAsync());
    }

    [Fact]
    public async Task Starting_on_prices_without_figures_computes_them()
    {
        var prices = _files.Write("AAA.csv", "Date,Close\n2024-01-02,100\n2024-01-03,90\n");
        Assert.True((await app.RunAsync(["import", prices])).ExitCode == 0);
        // As a migration that changes the figures leaves them.
        await app.ExecuteAsync("UPDATE daily_prices SET change = NULL, ranked = false, running_count = NULL, running_sum = NULL, running_sum_of_squares = NULL");

        var result = await app.RunAsync(["migrate"]);

        Assert.True(result.ExitCode == 0, Describe(result));
        Assert.Equal(-0.1, await app.ScalarAsync<double>("SELECT change FROM daily_moves WHERE date = '2024-01-03'"), 12);
    }

    [Fact]
    public async Task Admin_add_creates_an_admin_with_the_password_from_the_environment()
    {
        var result = await app.RunAsync(["admin", "add", Email], new Dictionary<string, string> { [PasswordVariable] = Password });

        Assert.True(result.ExitCode == 0, Describe(result));
        Assert.Contains(Email, result.Output, StringComparison.Ordinal);
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM identity_users WHERE email = $1", Email));
        var hash = await app.ScalarAsync<string>("SELECT password_hash FROM identity_users WHERE email = $1", Email);
        Assert.False(string.IsNullOrEmpty(hash));
        Assert.DoesNotContain(Password, hash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_add_reads_the_password_from_standard_input()
    {
        var result = await app.RunAsync(["admin", "add", Email], new Dictionary<string, string> { [PasswordVariable] = "" }, Password + "\n");

        Assert.True(result.ExitCode == 0, Describe(result));
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM identity_users WHERE email = $1", Email));
    }

    [Fact]
    public async Task Admin_add_without_a_password_fails_with_a_message()
    {
        var result = await app.RunAsync(["admin", "add", Email], new Dictionary<string, string> { [PasswordVariable] = "" }, "");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("password", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM identity_users"));
    }

    [Fact]
    public async Task Adding_the_same_admin_twice_fails_with_a_message_and_keeps_one_account()
    {
        var environment = new Dictionary<string, string> { [PasswordVariable] = Password };
        Assert.Equal(0, (await app.RunAsync(["admin", "add", Email], environment)).ExitCode);

        var result = await app.RunAsync(["admin", "add", Email], environment);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("already exists", result.Error, StringComparison.Ordinal);
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM identity_users WHERE email = $1", Email));
    }

    [Fact]
    public async Task A_password_shorter_than_12_characters_is_refused_with_a_message()
    {
        var result = await app.RunAsync(["admin", "add", Email], new Dictionary<string, string> { [PasswordVariable] = "Short-42-pw" });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("12", result.Error, StringComparison.Ordinal);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM identity_users"));
    }

    [Theory]
    [InlineData("correcthorse")]
    [InlineData("twelve chars")]
    [InlineData("ЖЖЖЖЖЖЖЖЖЖЖЖ")]
    public async Task A_password_of_12_characters_of_any_kind_is_accepted(string password)
    {
        var result = await app.RunAsync(["admin", "add", Email], new Dictionary<string, string> { [PasswordVariable] = password });

        Assert.True(result.ExitCode == 0, Describe(result));
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM identity_users"));
    }

    [Theory]
    [InlineData("qwerty123456")]
    [InlineData("QWERTY123456")]
    [InlineData("LeaveMeAlone")]
    public async Task A_password_among_the_most_common_is_refused_whatever_its_case_with_a_message(string password)
    {
        var result = await app.RunAsync(["admin", "add", Email], new Dictionary<string, string> { [PasswordVariable] = password });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("one of the most common passwords", result.Error, StringComparison.Ordinal);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM identity_users"));
    }

    [Fact]
    public async Task A_password_longer_than_128_characters_is_refused_with_a_message()
    {
        var result = await app.RunAsync(["admin", "add", Email], new Dictionary<string, string> { [PasswordVariable] = new string('p', 129) });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("at most 128 characters", result.Error, StringComparison.Ordinal);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM identity_users"));
    }

    private static string Describe(CliResult result) => $"exit {result.ExitCode}\nstdout:\n{result.Output}\nstderr:\n{result.Error}";
}
