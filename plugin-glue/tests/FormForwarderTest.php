<?php

namespace Klussen\Tests;

use Klussen\Core\Config;
use Klussen\Core\FormForwarder;
use Klussen\Core\Messages;
use Klussen\Core\PageContext;
use Klussen\Core\SidecarClient;
use Klussen\Core\Viewer;
use PHPUnit\Framework\TestCase;

/**
 * Form posts → signed sidecar calls → what the Elgg action does (message, redirect, sticky form),
 * against the stub sidecar over real HTTP.
 */
final class FormForwarderTest extends TestCase
{
    /** @var string */
    private static $url;
    /** @var string */
    private static $log;

    private const TOKENS = ['__elgg_ts' => '1767225600', '__elgg_token' => 'abc123'];

    public static function setUpBeforeClass(): void
    {
        [self::$url, self::$log] = Servers::startStub();
    }

    public static function tearDownAfterClass(): void
    {
        Servers::stopAll();
    }

    private static function forwarder(string $url = ''): FormForwarder
    {
        $config = new Config($url !== '' ? $url : self::$url, 'k1', Servers::SECRET, 500, 2000, 1);
        return new FormForwarder(new SidecarClient($config), new PageContext('/klussen/', '/action/klussen/'));
    }

    private static function newKlus(array $fields): array
    {
        return array_merge(self::TOKENS + ['group_guid' => '40', 'version' => '0', 'title' => 'Datadashboard',
            'description' => 'Een dashboard', 'required_skills' => 'Python, SQL', 'publish' => '1'], $fields);
    }

    public function testCreatedMeansSuccessAndGoesToTheKlus(): void
    {
        $result = self::forwarder()->forward('save', self::newKlus([]), new Viewer(7, 'nl'));
        $this->assertTrue($result->isSuccess());
        $this->assertSame(201, $result->status());
        $this->assertSame('klussen:published', $result->messageKey());
        $this->assertSame('/klussen/view/12', $result->redirect());
        $this->assertNull($result->sticky());
        $this->assertSame('De klus is geplaatst.', $result->message(new Messages('nl')));

        $seen = Servers::lastRequest(self::$log);
        $this->assertTrue($seen['verified']);
        $this->assertSame('POST', $seen['method']);
        $this->assertSame('/api/v1/groups/40/klussen', $seen['target']);
        $this->assertMatchesRegularExpression('/\A[0-9a-f]{64}\z/', $seen['headers']['idempotency-key']);
        $body = json_decode($seen['body'], true);
        // Elgg's fields and the routing fields stay behind; the checkbox and button are converted.
        $this->assertSame(['title' => 'Datadashboard', 'description' => 'Een dashboard',
            'required_skills' => 'Python, SQL', 'remote' => false, 'publish' => true], $body);
    }

    public function testATickedCheckboxAndTheDraftButton(): void
    {
        $result = self::forwarder()->forward('save', self::newKlus(['remote' => 'on', 'publish' => '0']), new Viewer(7, 'nl'));
        $this->assertSame('klussen:draft_saved', $result->messageKey());
        $body = json_decode(Servers::lastRequest(self::$log)['body'], true);
        $this->assertTrue($body['remote']);
        $this->assertFalse($body['publish']);
    }

    public function testTheSameFormSentTwiceHasTheSameIdempotencyKey(): void
    {
        self::forwarder()->forward('save', self::newKlus([]), new Viewer(7, 'nl'));
        $first = Servers::lastRequest(self::$log)['headers']['idempotency-key'];
        self::forwarder()->forward('save', self::newKlus([]), new Viewer(7, 'nl'));
        $this->assertSame($first, Servers::lastRequest(self::$log)['headers']['idempotency-key']);
        self::forwarder()->forward('save', self::newKlus(['title' => 'Iets anders']), new Viewer(7, 'nl'));
        $this->assertNotSame($first, Servers::lastRequest(self::$log)['headers']['idempotency-key']);
    }

    public function testFieldErrorsKeepTheFormSticky(): void
    {
        $result = self::forwarder()->forward('save', self::newKlus(['title' => '']), new Viewer(7, 'nl'));
        $this->assertFalse($result->isSuccess());
        $this->assertSame(400, $result->status());
        $this->assertSame('klussen:error:fields', $result->messageKey());
        $this->assertSame('new:40', $result->stickyForm());
        $this->assertSame('/klussen/add/40', $result->redirect());
        $sticky = $result->sticky();
        $this->assertSame('', $sticky['title']);
        $this->assertSame('Python, SQL', $sticky['required_skills']);
        $this->assertSame('1', $sticky['publish']);
        $this->assertArrayNotHasKey('__elgg_token', $sticky);
        $this->assertArrayNotHasKey('__elgg_ts', $sticky);
    }

    public function testAConflictIsAnErrorMessageWithoutStickyValues(): void
    {
        $result = self::forwarder()->forward('save', self::newKlus(['title' => 'conflict']), new Viewer(7, 'nl'));
        $this->assertFalse($result->isSuccess());
        $this->assertSame(409, $result->status());
        $this->assertSame('klussen:error:conflict', $result->messageKey());
        $this->assertNull($result->sticky());
        $this->assertNull($result->redirect());
        $this->assertStringContainsString('intussen gewijzigd', $result->message(new Messages('nl')));
        $this->assertStringContainsString('changed in the meantime', $result->message(new Messages('en')));
    }

    public function testAnEditIsAPutWithTheVersion(): void
    {
        $input = self::TOKENS + ['group_guid' => '40', 'klus_id' => '12', 'version' => '3', 'title' => 'Nieuw'];
        $result = self::forwarder()->forward('save', $input, new Viewer(7, 'nl'));
        $seen = Servers::lastRequest(self::$log);
        $this->assertSame('PUT', $seen['method']);
        $this->assertSame('/api/v1/klussen/12', $seen['target']);
        $this->assertSame(['title' => 'Nieuw', 'remote' => false, 'version' => 3], json_decode($seen['body'], true));
        $this->assertSame('klussen:error:conflict', $result->messageKey());
    }

    public function testApplyFieldErrorsCarryTheSidecarsMessage(): void
    {
        $result = self::forwarder()->forward('apply', self::TOKENS + ['klus_id' => '12', 'motivation' => ''], new Viewer(8, 'nl'));
        $this->assertFalse($result->isSuccess());
        $this->assertSame(['Schrijf een korte motivatie.'], $result->details());
        $this->assertStringEndsWith('Schrijf een korte motivatie.', $result->message(new Messages('nl')));

        $result = self::forwarder()->forward('apply', self::TOKENS + ['klus_id' => '12', 'motivation' => 'Graag!'], new Viewer(8, 'nl'));
        $this->assertTrue($result->isSuccess());
        $this->assertSame('/klussen/view/12', $result->redirect());
        $this->assertSame(['motivation' => 'Graag!'], json_decode(Servers::lastRequest(self::$log)['body'], true));
    }

    public function testDecideAndCompleteGoToTheParticipantRoutes(): void
    {
        $result = self::forwarder()->forward('decide', self::TOKENS + ['klus_id' => '12', 'user_guid' => '8',
            'decision' => 'accept'], new Viewer(7, 'nl'));
        $this->assertTrue($result->isSuccess());
        $this->assertSame('klussen:decided:accept', $result->messageKey());
        $this->assertSame('/klussen/responses/12', $result->redirect());
        $seen = Servers::lastRequest(self::$log);
        $this->assertSame('/api/v1/klussen/12/participants/8/decide', $seen['target']);
        $this->assertSame(['decision' => 'accept'], json_decode($seen['body'], true));

        self::forwarder()->forward('complete', self::TOKENS + ['klus_id' => '12', 'user_guid' => '8',
            'hours_spent' => '12,5', 'confirmed_skills' => ['Python', 'SQL']], new Viewer(7, 'nl'));
        $seen = Servers::lastRequest(self::$log);
        $this->assertSame('/api/v1/klussen/12/participants/8/complete', $seen['target']);
        $this->assertSame(['hours_spent' => '12,5', 'confirmed_skills' => ['Python', 'SQL']], json_decode($seen['body'], true));
    }

    public function testACopyGoesToTheEditPageOfTheNewDraft(): void
    {
        $result = self::forwarder()->forward('copy', self::TOKENS + ['klus_id' => '12'], new Viewer(7, 'nl'));
        $this->assertTrue($result->isSuccess());
        $this->assertSame('/klussen/edit/13', $result->redirect());
    }

    public function testTheSidecarDownIsAnErrorMessageNotACrash(): void
    {
        $result = self::forwarder('http://127.0.0.1:' . Servers::freePort())
            ->forward('apply', self::TOKENS + ['klus_id' => '12', 'motivation' => 'x'], new Viewer(8, 'nl'));
        $this->assertFalse($result->isSuccess());
        $this->assertSame(0, $result->status());
        $this->assertSame('Klussen is tijdelijk niet beschikbaar. Probeer het later nog eens.', $result->message(new Messages('nl')));
    }

    public function testLoggedOutAndUnknownActionsAreRefusedWithoutACall(): void
    {
        $this->assertSame('klussen:error:login', self::forwarder()->forward('apply', ['klus_id' => '12'], new Viewer(0, 'nl'))->messageKey());
        $this->assertFalse(self::forwarder()->forward('delete_everything', ['klus_id' => '12'], new Viewer(7, 'nl'))->isSuccess());
        $this->assertSame('klussen:error:not_found', self::forwarder()->forward('apply', ['klus_id' => '../1'], new Viewer(7, 'nl'))->messageKey());
    }
}
