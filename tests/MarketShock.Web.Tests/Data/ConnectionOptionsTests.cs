using MarketShock.Data;
using MarketShock.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MarketShock.Tests.Data;

/// <summary>
/// The app's database sessions run without JIT compilation and without parallel workers, which cost more than the pages'
/// index probes they were planned for.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class ConnectionOptionsTests(AppFixture app)
{
    [Fact]
    public async Task The_app_s_sessions_have_jit_off_and_no_parallel_workers()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketShockDbContext>();

        Assert.Equal("off", await db.Database.SqlQueryRaw<string>("SELECT current_setting('jit') AS \"Value\"").SingleAsync());
        Assert.Equal("0", await db.Database.SqlQueryRaw<string>("SELECT current_setting('max_parallel_workers_per_gather') AS \"Value\"").SingleAsync());
    }

    [Theory]
    [InlineData("Host=db;Username=u", "-c jit=off -c max_parallel_workers_per_gather=0")]
    [InlineData("Host=db;Username=u;Options=-c statement_timeout=5000", "-c statement_timeout=5000 -c jit=off -c max_parallel_workers_per_gather=0")]
    public void Options_already_configured_are_kept(string configured, string options) =>
        Assert.Equal(options, new Npgsql.NpgsqlConnectionStringBuilder(DataServices.WithSessionOptions(configured)).Options);
}
