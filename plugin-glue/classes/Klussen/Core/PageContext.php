<?php

namespace Klussen\Core;

/**
 * Where the host's klussen pages and actions live, and the CSRF fields its forms need. The
 * embedder passes these in the signed query of every widget call (docs/api.md, "Widgets").
 */
final class PageContext
{
    /** @var string */
    private $linkBase;
    /** @var string */
    private $actionBase;
    /** @var array<string, string> */
    private $hidden;

    /**
     * @param string $linkBase e.g. "/klussen/" or "https://site.example/klussen/"
     * @param string $actionBase e.g. "/action/klussen/"
     * @param array<string, string> $hidden e.g. ['__elgg_ts' => ..., '__elgg_token' => ...]
     */
    public function __construct(string $linkBase, string $actionBase, array $hidden = [])
    {
        $this->linkBase = $linkBase;
        $this->actionBase = $actionBase;
        foreach ($hidden as $name => $value) {
            if (preg_match('/\A__elgg_[a-z]{1,20}\z/', (string) $name) !== 1) {
                throw new \InvalidArgumentException('hidden form fields must be named __elgg_<a-z>');
            }
        }
        $this->hidden = $hidden;
    }

    public function linkBase(): string
    {
        return $this->linkBase;
    }

    public function actionBase(): string
    {
        return $this->actionBase;
    }

    /** A page of the plugin, e.g. page("view/12"). */
    public function page(string $path): string
    {
        return $this->linkBase . $path;
    }

    /**
     * @return array<string, string>
     */
    public function query(): array
    {
        return ['link_base' => $this->linkBase, 'action_base' => $this->actionBase] + $this->hidden;
    }
}
