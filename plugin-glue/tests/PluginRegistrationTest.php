<?php

use Klussen\Core\FormForwarder;
use PHPUnit\Framework\TestCase;

/**
 * The registration files as Elgg reads them: elgg-plugin.php is included for inactive plugins
 * too, before classes/ is autoloaded, so it may name the plugin's classes but never use them.
 */
final class PluginRegistrationTest extends TestCase
{
    private const ROOT = __DIR__ . '/..';

    public function testStaticConfigNeedsNoPluginClass(): void
    {
        $loaded = get_declared_classes();
        $config = require self::ROOT . '/elgg-plugin.php';
        $new = array_filter(array_diff(get_declared_classes(), $loaded), function (string $c): bool {
            return strpos($c, 'Klussen\\') === 0;
        });
        $this->assertSame([], array_values($new), 'elgg-plugin.php loaded plugin classes');
        $this->assertIsArray($config);
        $this->assertSame('Klussen\\Elgg\\Bootstrap', $config['bootstrap']);
    }

    public function testEveryActionIsDeclaredAndHasItsFile(): void
    {
        $config = require self::ROOT . '/elgg-plugin.php';
        $declared = array_keys($config['actions']);
        $expected = array_map(function (string $a): string {
            return "klussen/$a";
        }, FormForwarder::ACTIONS);
        $expected[] = 'klussen/test_connection';
        sort($declared);
        sort($expected);
        $this->assertSame($expected, $declared);
        foreach ($declared as $action) {
            $this->assertFileExists(self::ROOT . "/actions/$action.php");
        }
        $this->assertSame('admin', $config['actions']['klussen/test_connection']['access']);
    }

    public function testRoutesUseTheControllersThatExist(): void
    {
        $config = require self::ROOT . '/elgg-plugin.php';
        foreach ($config['routes'] as $name => $route) {
            $this->assertArrayHasKey('controller', $route, $name);
            $file = self::ROOT . '/classes/' . str_replace('\\', '/', $route['controller']) . '.php';
            $this->assertFileExists($file, $name);
        }
    }

    public function testElggAsksForTheseLanguageKeysInBothLanguages(): void
    {
        $config = require self::ROOT . '/elgg-plugin.php';
        $keys = [];
        foreach (array_keys($config['group_tools']) as $tool) {
            $keys[] = "groups:tool:$tool";
            $keys[] = "groups:tool:$tool:description";
        }
        foreach (array_keys($config['widgets']) as $widget) {
            $keys[] = "widgets:$widget:name";
            $keys[] = "widgets:$widget:description";
        }
        $nl = require self::ROOT . '/languages/nl.php';
        $en = require self::ROOT . '/languages/en.php';
        foreach ($keys as $key) {
            $this->assertArrayHasKey($key, $nl, "nl: $key");
            $this->assertArrayHasKey($key, $en, "en: $key");
        }
        $this->assertSame([], array_diff(array_keys($nl), array_keys($en)), 'keys only in nl');
        $this->assertSame([], array_diff(array_keys($en), array_keys($nl)), 'keys only in en');
    }

    public function testTheElgg4FolderHasNoElgg1Files(): void
    {
        $this->assertFileDoesNotExist(self::ROOT . '/start.php', 'Elgg 4.0+ refuses a plugin folder with start.php');
        $this->assertFileDoesNotExist(self::ROOT . '/manifest.xml');
        $this->assertFileExists(self::ROOT . '/elgg1/start.php');
        $this->assertFileExists(self::ROOT . '/elgg1/manifest.xml');
    }
}
