<?php

namespace Klussen\Core;

/**
 * One HTTP answer of the sidecar.
 */
final class SidecarResponse
{
    /** @var int */
    private $status;
    /** @var array<string, string> lower-case names */
    private $headers;
    /** @var string */
    private $body;

    /**
     * @param array<string, string> $headers
     */
    public function __construct(int $status, array $headers, string $body)
    {
        $this->status = $status;
        $this->headers = array_change_key_case($headers, CASE_LOWER);
        $this->body = $body;
    }

    public function status(): int
    {
        return $this->status;
    }

    public function body(): string
    {
        return $this->body;
    }

    public function header(string $name): ?string
    {
        $name = strtolower($name);
        return isset($this->headers[$name]) ? $this->headers[$name] : null;
    }

    public function isSuccess(): bool
    {
        return $this->status >= 200 && $this->status < 300;
    }

    public function isHtml(): bool
    {
        $type = $this->header('content-type');
        return $type !== null && stripos($type, 'text/html') === 0;
    }

    /**
     * The body as a JSON object, or null when it is not one.
     *
     * @return array<string, mixed>|null
     */
    public function json(): ?array
    {
        $decoded = json_decode($this->body, true);
        return is_array($decoded) ? $decoded : null;
    }

    /** The `error.code` of an error answer, or null. */
    public function errorCode(): ?string
    {
        $json = $this->json();
        if ($json !== null && isset($json['error']['code']) && is_string($json['error']['code'])) {
            return $json['error']['code'];
        }
        return null;
    }

    /**
     * The field errors of a 400 answer: [{field, code, message}, ...]; empty when there are none.
     *
     * @return array<int, array{field: string, code: string, message: string}>
     */
    public function fieldErrors(): array
    {
        $json = $this->json();
        if ($json === null || !isset($json['error']['fields']) || !is_array($json['error']['fields'])) {
            return [];
        }
        $out = [];
        foreach ($json['error']['fields'] as $field) {
            if (!is_array($field) || !isset($field['field'])) {
                continue;
            }
            $out[] = [
                'field' => (string) $field['field'],
                'code' => isset($field['code']) ? (string) $field['code'] : '',
                'message' => isset($field['message']) ? (string) $field['message'] : '',
            ];
        }
        return $out;
    }
}
