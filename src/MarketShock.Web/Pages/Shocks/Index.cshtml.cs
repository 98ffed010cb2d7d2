using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MarketShock.Pages.Shocks;

public sealed class ShocksModel : PageModel
{
    public void OnGet()
    {
    }
}
