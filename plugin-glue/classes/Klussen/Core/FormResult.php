<?php

namespace Klussen\Core;

/**
 * What an Elgg action does after forwarding a form: show a success or error message (a language
 * key with arguments, plus the sidecar's own field messages), go to a page, and, after field
 * errors on the klus form, keep the submitted values so the form page can show them again.
 */
final class FormResult
{
    /** @var bool */
    private $success;
    /** @var string */
    private $messageKey;
    /** @var array<int, string> */
    private $messageArgs;
    /** @var array<int, string> */
    private $details;
    /** @var string|null */
    private $redirect;
    /** @var array<string, mixed>|null */
    private $sticky;
    /** @var string|null */
    private $stickyForm;
    /** @var int */
    private $status;

    /**
     * @param array<int, string> $messageArgs
     * @param array<int, string> $details already translated texts (the sidecar's field messages)
     * @param array<string, mixed>|null $sticky
     */
    public function __construct(
        bool $success,
        string $messageKey,
        array $messageArgs,
        array $details,
        ?string $redirect,
        ?array $sticky = null,
        ?string $stickyForm = null,
        int $status = 0
    ) {
        $this->success = $success;
        $this->messageKey = $messageKey;
        $this->messageArgs = $messageArgs;
        $this->details = $details;
        $this->redirect = $redirect;
        $this->sticky = $sticky;
        $this->stickyForm = $stickyForm;
        $this->status = $status;
    }

    public function isSuccess(): bool
    {
        return $this->success;
    }

    public function messageKey(): string
    {
        return $this->messageKey;
    }

    /** @return array<int, string> */
    public function messageArgs(): array
    {
        return $this->messageArgs;
    }

    /** @return array<int, string> */
    public function details(): array
    {
        return $this->details;
    }

    /** Where to go next; null means "back where the form was" (the referer). */
    public function redirect(): ?string
    {
        return $this->redirect;
    }

    /** @return array<string, mixed>|null the submitted values to show again */
    public function sticky(): ?array
    {
        return $this->sticky;
    }

    /** Which form the sticky values belong to: "new:<group guid>" or "edit:<klus id>". */
    public function stickyForm(): ?string
    {
        return $this->stickyForm;
    }

    /** The sidecar's HTTP status (0 when it was not reached). */
    public function status(): int
    {
        return $this->status;
    }

    /** The message in one language, with the details after it. */
    public function message(Messages $messages): string
    {
        $text = $messages->get($this->messageKey, $this->messageArgs);
        if ($this->details) {
            $text .= ' ' . implode(' ', $this->details);
        }
        return $text;
    }
}
