<?php

namespace Klussen\Elgg;

/**
 * Elgg 4.x-6.x controller of the route default:klussen:portfolio_export
 * (/klussen/portfolio/export): the member's data as a JSON download, or the klussen page with
 * a notice when the sidecar did not give it. (1.x: Glue::pageHandler does the same.)
 */
class ExportController
{
    /**
     * @param \Elgg\Request $request
     * @return \Elgg\Http\ResponseBuilder
     */
    public function __invoke($request)
    {
        $download = Glue::export();
        if ($download !== null) {
            list($body, $name) = $download;
            return elgg_ok_response($body)->setHeaders([
                'Content-Type' => 'application/json; charset=utf-8',
                'Content-Disposition' => 'attachment; filename="' . $name . '"',
                'Cache-Control' => 'no-store',
            ]);
        }
        // As for an unavailable sidecar: the page renders, with the notice.
        list($title, $html) = Glue::exportFailed();
        return elgg_ok_response(elgg_view_page($title, ['content' => $html, 'filter' => false]));
    }
}
