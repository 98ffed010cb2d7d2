using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MarketShock.Data.Migrations
{
    /// <inheritdoc />
    public partial class ShockAnalytics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "daily_moves",
                columns: table => new
                {
                    company_id = table.Column<int>(type: "integer", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    close = table.Column<decimal>(type: "numeric(19,6)", precision: 19, scale: 6, nullable: false),
                    previous_date = table.Column<DateOnly>(type: "date", nullable: true),
                    previous_close = table.Column<decimal>(type: "numeric(19,6)", precision: 19, scale: 6, nullable: true),
                    change = table.Column<double>(type: "double precision", nullable: true),
                    after_gap = table.Column<bool>(type: "boolean", nullable: false),
                    shares = table.Column<long>(type: "bigint", nullable: true),
                    shares_approximate = table.Column<bool>(type: "boolean", nullable: false),
                    market_cap = table.Column<decimal>(type: "numeric(28,6)", precision: 28, scale: 6, nullable: true),
                    market_cap_before = table.Column<decimal>(type: "numeric(28,6)", precision: 28, scale: 6, nullable: true),
                    market_cap_change = table.Column<decimal>(type: "numeric(28,6)", precision: 28, scale: 6, nullable: true),
                    market_cap_approximate = table.Column<bool>(type: "boolean", nullable: false),
                    volatility = table.Column<double>(type: "double precision", nullable: true),
                    z_score = table.Column<double>(type: "double precision", nullable: true),
                    rank_by_loss = table.Column<int>(type: "integer", nullable: true),
                    rank_by_change = table.Column<int>(type: "integer", nullable: true),
                    worst_since = table.Column<DateOnly>(type: "date", nullable: true),
                    recovery_date = table.Column<DateOnly>(type: "date", nullable: true),
                    recovery_days = table.Column<int>(type: "integer", nullable: true),
                    open_drawdown = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_daily_moves", x => new { x.company_id, x.date });
                })
                .Annotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.CreateTable(
                name: "market_days",
                columns: table => new
                {
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    sector = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    market_cap_change = table.Column<decimal>(type: "numeric(28,6)", precision: 28, scale: 6, nullable: false),
                    market_cap_before = table.Column<decimal>(type: "numeric(28,6)", precision: 28, scale: 6, nullable: false),
                    companies = table.Column<int>(type: "integer", nullable: false),
                    decliners = table.Column<int>(type: "integer", nullable: false),
                    advancers = table.Column<int>(type: "integer", nullable: false),
                    approximate = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_market_days", x => new { x.date, x.sector });
                });

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_date",
                table: "daily_moves",
                column: "date");

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_shocks_by_change",
                table: "daily_moves",
                column: "change",
                filter: "change < 0 AND NOT after_gap");

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_shocks_by_loss",
                table: "daily_moves",
                column: "market_cap_change",
                filter: "change < 0 AND NOT after_gap");

            migrationBuilder.CreateIndex(
                name: "ix_daily_moves_shocks_by_sigma",
                table: "daily_moves",
                column: "z_score",
                filter: "change < 0 AND NOT after_gap");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "daily_moves");

            migrationBuilder.DropTable(
                name: "market_days");
        }
    }
}
