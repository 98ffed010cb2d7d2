using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MarketShock.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditAddress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "address",
                table: "audit_entries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            // The entries before this one were all made on the admin pages, from an address no longer known: not the command line.
            migrationBuilder.Sql("UPDATE audit_entries SET address = 'unknown'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "address",
                table: "audit_entries");
        }
    }
}
