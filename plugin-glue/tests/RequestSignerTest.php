<?php

namespace Klussen\Tests;

use InvalidArgumentException;
use Klussen\Core\RequestSigner;
use PHPUnit\Framework\TestCase;

/**
 * The PHP signer against the shared vectors (tests/fixtures/signing-vectors.json, written by
 * tests/fixtures/make_signing_vectors.py) and against the header syntax of docs/protocol.md.
 */
final class RequestSignerTest extends TestCase
{
    private const SECRET = '0123456789abcdef0123456789abcdef';
    private const NONCE = '00112233445566778899aabbccddeeff';
    private const EXAMPLE_SIGNATURE =
        'd3c8fe019d18c693310d9a48532cf28824c120db2e52734a99ef3582ae080fcb';

    private const HEADER_SYNTAX = [
        'X-Klussen-Key-Id' => '/\A[A-Za-z0-9_-]{1,32}\z/',
        'X-Klussen-Timestamp' => '/\A[0-9]{1,12}\z/',
        'X-Klussen-Nonce' => '/\A[0-9a-f]{32}\z/',
        'X-Klussen-Viewer' => '/\A(?:0|[1-9][0-9]{0,18})\z/',
        'X-Klussen-Language' => '/\A[a-z]{2,3}(?:_[a-zA-Z]{2,4})?\z/',
        'X-Klussen-Site' => '/\A[1-9][0-9]{0,18}\z/',
        'X-Klussen-Signature' => '/\A[0-9a-f]{64}\z/',
    ];

    /** @var array|null */
    private static $fixture = null;

    private static function fixture(): array
    {
        if (self::$fixture === null) {
            $file = __DIR__ . '/../../tests/fixtures/signing-vectors.json';
            $json = file_get_contents($file);
            if ($json === false) {
                throw new \RuntimeException('cannot read ' . $file);
            }
            self::$fixture = json_decode($json, true, 512, JSON_THROW_ON_ERROR);
        }
        return self::$fixture;
    }

    public function vectorProvider(): array
    {
        $fixture = self::fixture();
        $cases = [];
        foreach ($fixture['vectors'] as $vector) {
            $cases[$vector['name']] = [$vector, $fixture['keys'][$vector['key_id']]];
        }
        return $cases;
    }

    public function testFixtureHasVersionOneAndStartsWithTheProtocolExample(): void
    {
        $fixture = self::fixture();
        $this->assertSame(1, $fixture['version']);
        $this->assertGreaterThanOrEqual(15, count($fixture['vectors']));
        $first = $fixture['vectors'][0];
        $this->assertSame('k1', $first['key_id']);
        $this->assertSame(self::SECRET, $fixture['keys']['k1']);
        $this->assertSame(self::EXAMPLE_SIGNATURE, $first['signature']);
    }

    /**
     * @dataProvider vectorProvider
     */
    public function testCanonicalRequestMatchesVector(array $v, string $secret): void
    {
        $signer = new RequestSigner($v['key_id'], $secret);
        $canonical = $signer->canonicalRequest(
            $v['method'],
            $v['path'],
            $v['query'],
            $v['timestamp'],
            $v['nonce'],
            $v['viewer'],
            $v['language'],
            $v['site'],
            $v['body']
        );
        $this->assertSame($v['canonical'], $canonical);
    }

    /**
     * @dataProvider vectorProvider
     */
    public function testSignHeadersMatchVector(array $v, string $secret): void
    {
        $signer = new RequestSigner($v['key_id'], $secret);
        $target = $v['query'] === '' ? $v['path'] : $v['path'] . '?' . $v['query'];
        if (!$v['target_served']) {
            // The sidecar answers 400 to this target, so the glue never signs it; the canonical
            // form (testCanonicalRequestMatchesVector) still holds.
            $this->expectException(InvalidArgumentException::class);
        }
        $headers = $signer->signHeaders(
            $v['method'],
            $target,
            $v['body'],
            (int) $v['viewer'],
            $v['language'],
            (int) $v['site'],
            (int) $v['timestamp'],
            $v['nonce']
        );
        $this->assertSame([
            'X-Klussen-Key-Id' => $v['key_id'],
            'X-Klussen-Timestamp' => $v['timestamp'],
            'X-Klussen-Nonce' => $v['nonce'],
            'X-Klussen-Viewer' => $v['viewer'],
            'X-Klussen-Language' => $v['language'],
            'X-Klussen-Site' => $v['site'],
            'X-Klussen-Signature' => $v['signature'],
        ], $headers);
    }

    public function testSecretShorterThan32BytesIsRefused(): void
    {
        $this->expectException(InvalidArgumentException::class);
        new RequestSigner('k1', substr(self::SECRET, 0, 31));
    }

    public function testSecretOf32BytesIsAccepted(): void
    {
        $this->assertSame('k1', (new RequestSigner('k1', self::SECRET))->keyId());
    }

    public function badKeyIdProvider(): array
    {
        return [
            'empty' => [''],
            'too long' => [str_repeat('k', 33)],
            'space' => ['k 1'],
            'dot' => ['2026.11'],
            'trailing newline' => ["k1\n"],
            'non-ascii' => ['sleutel-é'],
        ];
    }

    /**
     * @dataProvider badKeyIdProvider
     */
    public function testBadKeyIdIsRefused(string $keyId): void
    {
        $this->expectException(InvalidArgumentException::class);
        new RequestSigner($keyId, self::SECRET);
    }

    public function badLanguageProvider(): array
    {
        return [
            'empty' => [''],
            'upper case' => ['NL'],
            'one letter' => ['n'],
            'four letters' => ['nlnl'],
            'hyphen' => ['pt-br'],
            'empty region' => ['pt_'],
            'long region' => ['zh_Hanss'],
            'trailing newline' => ["nl\n"],
            'leading space' => [' nl'],
        ];
    }

    /**
     * @dataProvider badLanguageProvider
     */
    public function testBadLanguageIsRefused(string $language): void
    {
        $this->expectException(InvalidArgumentException::class);
        $this->signer()->signHeaders('GET', '/api/v1/me', '', 42, $language, 1);
    }

    public function badRequestProvider(): array
    {
        // [method, target, viewer, site, now, nonce]
        return [
            'negative viewer' => ['GET', '/api/v1/me', -1, 1, null, null],
            'site 0' => ['GET', '/api/v1/me', 42, 0, null, null],
            'negative site' => ['GET', '/api/v1/me', 42, -1, null, null],
            'negative time' => ['GET', '/api/v1/me', 42, 1, -1, null],
            'time beyond 12 digits' => ['GET', '/api/v1/me', 42, 1, 1000000000000, null],
            'upper-case nonce' => ['GET', '/api/v1/me', 42, 1, null, strtoupper(self::NONCE)],
            'short nonce' => ['GET', '/api/v1/me', 42, 1, null, substr(self::NONCE, 1)],
            'empty method' => ['', '/api/v1/me', 42, 1, null, null],
            'method with space' => ['GET ', '/api/v1/me', 42, 1, null, null],
            'relative path' => ['GET', 'api/v1/me', 42, 1, null, null],
            'absolute url' => ['GET', 'http://sidecar/api/v1/me', 42, 1, null, null],
            'raw space in path' => ['GET', '/api/v1/a b', 42, 1, null, null],
            'malformed escape in path' => ['GET', '/api/v1/100%', 42, 1, null, null],
            'malformed escape in query' => ['GET', '/api/v1/me?a=%zz', 42, 1, null, null],
            'fragment' => ['GET', '/api/v1/me#top', 42, 1, null, null],
            'raw utf-8 in query' => ['GET', '/api/v1/me?q=café', 42, 1, null, null],
            '%u escape in path' => ['GET', '/api/v1/klussen/%u0031', 42, 1, null, null],
            'raw = in a query value' => ['GET', '/api/v1/klussen?mine=involved=posted', 42, 1, null, null],
            'query part without a name' => ['GET', '/api/v1/klussen?=posted', 42, 1, null, null],
            'repeated query name' => ['GET', '/api/v1/klussen?mine=posted&mine=involved', 42, 1, null, null],
            'repeated query name once decoded' => ['GET', '/api/v1/klussen?mine=posted&%6Dine=x', 42, 1, null, null],
        ];
    }

    /**
     * @dataProvider badRequestProvider
     */
    public function testBadRequestIsRefused(
        string $method,
        string $target,
        int $viewer,
        int $site,
        ?int $now,
        ?string $nonce
    ): void {
        $this->expectException(InvalidArgumentException::class);
        $this->signer()->signHeaders($method, $target, '', $viewer, 'nl', $site, $now, $nonce);
    }

    public function testCanonicalRequestRefusesBadHeaderValues(): void
    {
        $this->expectException(InvalidArgumentException::class);
        // A leading zero in the viewer guid does not match the header syntax.
        $this->signer()->canonicalRequest(
            'GET', '/', '', '1767225600', self::NONCE, '042', 'nl', '1', ''
        );
    }

    public function testEveryTamperedFieldChangesTheSignature(): void
    {
        $base = ['GET', '/api/v1/me?b=2&a=1', '', 42, 'nl', 1, 1767225600, self::NONCE];
        $signature = $this->signatureOf($this->signer(), $base);
        $this->assertSame(self::EXAMPLE_SIGNATURE, $signature);

        $tampered = [
            'method' => [0, 'POST'],
            'path' => [1, '/api/v1/mf?b=2&a=1'],
            'query' => [1, '/api/v1/me?b=2&a=2'],
            'body' => [2, '{}'],
            'viewer' => [3, 43],
            'language' => [4, 'en'],
            'site' => [5, 2],
            'timestamp' => [6, 1767225601],
            'nonce' => [7, '00112233445566778899aabbccddeefe'],
        ];
        foreach ($tampered as $field => [$index, $value]) {
            $fields = $base;
            $fields[$index] = $value;
            $this->assertNotSame($signature, $this->signatureOf($this->signer(), $fields), $field);
        }
        $otherKeyId = new RequestSigner('k2', self::SECRET);
        $this->assertNotSame($signature, $this->signatureOf($otherKeyId, $base), 'key id');
        $otherSecret = new RequestSigner('k1', strrev(self::SECRET));
        $this->assertNotSame($signature, $this->signatureOf($otherSecret, $base), 'secret');
    }

    public function testNoncesAreLowerCaseHexAndDifferBetweenCalls(): void
    {
        $seen = [];
        for ($i = 0; $i < 20; $i++) {
            $headers = $this->signer()->signHeaders('GET', '/api/v1/me', '', 42, 'nl', 1);
            $nonce = $headers['X-Klussen-Nonce'];
            $this->assertMatchesRegularExpression('/\A[0-9a-f]{32}\z/', $nonce);
            $seen[$nonce] = true;
        }
        $this->assertCount(20, $seen);
    }

    public function testHeaderSetIsExactlyTheSevenHeadersWithValidSyntax(): void
    {
        $before = time();
        $headers = $this->signer()
            ->signHeaders('POST', '/api/v1/klussen', '{"a":1}', 0, 'pt_br', 7);
        $after = time();

        $this->assertSame(array_keys(self::HEADER_SYNTAX), array_keys($headers));
        foreach (self::HEADER_SYNTAX as $name => $pattern) {
            $this->assertIsString($headers[$name]);
            $this->assertMatchesRegularExpression($pattern, $headers[$name], $name);
        }
        $this->assertSame('0', $headers['X-Klussen-Viewer']);
        $this->assertGreaterThanOrEqual($before, (int) $headers['X-Klussen-Timestamp']);
        $this->assertLessThanOrEqual($after, (int) $headers['X-Klussen-Timestamp']);
    }

    public function testQuestionMarkWithoutQueryEqualsNoQuery(): void
    {
        $fields = ['GET', '/api/v1/me', '', 42, 'nl', 1, 1767225600, self::NONCE];
        $withMark = $fields;
        $withMark[1] = '/api/v1/me?';
        $this->assertSame(
            $this->signatureOf($this->signer(), $fields),
            $this->signatureOf($this->signer(), $withMark)
        );
    }

    public function testSecretDoesNotAppearInDebugOutput(): void
    {
        $this->assertStringNotContainsString(self::SECRET, print_r($this->signer(), true));
    }

    private function signer(): RequestSigner
    {
        return new RequestSigner('k1', self::SECRET);
    }

    private function signatureOf(RequestSigner $signer, array $f): string
    {
        $headers = $signer->signHeaders($f[0], $f[1], $f[2], $f[3], $f[4], $f[5], $f[6], $f[7]);
        return $headers['X-Klussen-Signature'];
    }
}
