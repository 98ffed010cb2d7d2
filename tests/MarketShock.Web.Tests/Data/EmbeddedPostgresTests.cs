using MarketShock.Data;
using Npgsql;

namespace MarketShock.Tests.Data;

/// <summary>The embedded default: what `dotnet run` with nothing configured relies on.</summary>
public sealed class EmbeddedPostgresTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("marketshock-embedded-").FullName;

    public EmbeddedPostgresTests()
    {
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(_folder, (UnixFileMode)0b111_101_101);
    }

    private string DataDirectory => Path.Combine(_folder, "postgres");

    [Fact]
    public async Task A_second_start_reuses_the_data_of_the_first()
    {
        await using (var first = await EmbeddedPostgres.StartAsync(DataDirectory, "shop"))
            await Execute(first, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')");

        await using var second = await EmbeddedPostgres.StartAsync(DataDirectory, "shop");

        Assert.Equal("still here", await Scalar(second, "SELECT note FROM kept"));
    }

    [Fact]
    public async Task Stopping_the_instance_that_started_the_server_stops_it()
    {
        var server = await EmbeddedPostgres.StartAsync(DataDirectory, "shop");
        var connectionString = server.ConnectionString("shop");

        await server.DisposeAsync();

        await using var connection = new NpgsqlConnection(connectionString);
        await Assert.ThrowsAsync<NpgsqlException>(() => connection.OpenAsync());
    }

    [Fact]
    public async Task A_server_already_running_from_the_folder_is_shared_and_left_running()
    {
        await using var owner = await EmbeddedPostgres.StartAsync(DataDirectory, "shop");
        var guest = await EmbeddedPostgres.StartAsync(DataDirectory, "shop");
        Assert.Equal(owner.Port, guest.Port);

        await guest.DisposeAsync();

        Assert.Equal(1, await Scalar(owner, "SELECT 1"));
    }

    [Fact]
    public async Task The_server_listens_on_loopback_only_and_asks_for_a_password()
    {
        await using var server = await EmbeddedPostgres.StartAsync(DataDirectory, "shop");

        Assert.Equal("127.0.0.1", await Scalar(server, "SELECT current_setting('listen_addresses')"));
        var withoutPassword = new NpgsqlConnectionStringBuilder(server.ConnectionString("shop")) { Password = null }.ConnectionString;
        await using var connection = new NpgsqlConnection(withoutPassword);
        await Assert.ThrowsAnyAsync<Exception>(() => connection.OpenAsync());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task Execute(EmbeddedPostgres server, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString("shop"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(EmbeddedPostgres server, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString("shop"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
