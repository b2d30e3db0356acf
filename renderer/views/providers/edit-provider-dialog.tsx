/**
 * Edit provider: the provider form, prefilled with everything but the
 * client secret (the page never has it). Only the fields the user changed
 * are sent, so a change someone else made to another field meanwhile
 * stays; an empty secret field keeps the stored secret.
 */
import { useState } from 'react';
import { ModalDialog } from '../../components/modal-dialog';
import type { ProviderInfo } from '../../stores/providers-slice';
import { useActions } from '../../stores/use-app-store';
import { ProviderForm } from './provider-form';
import { changesOf, valuesOf } from './provider-form-values';

export function EditProviderDialog({
  provider,
  onClose,
}: {
  provider: ProviderInfo;
  onClose(): void;
}) {
  const actions = useActions();
  // The provider as it was when the dialog opened: what "changed" is measured against.
  const [initial] = useState(() => valuesOf(provider));
  return (
    <ModalDialog title={`Edit provider ${provider.name}`} onClose={onClose}>
      <ProviderForm
        initial={initial}
        editing={{ hasClientSecret: provider.hasClientSecret }}
        submitLabel="Save changes"
        busyLabel="Saving…"
        onCancel={onClose}
        onSubmit={async (values, clientSecret) => {
          const changes = changesOf(provider, values);
          if (Object.keys(changes).length > 0 || clientSecret !== null) {
            await actions.editProvider({
              name: provider.name,
              changes,
              ...(clientSecret === null ? {} : { clientSecret }),
            });
          }
          onClose();
        }}
      />
    </ModalDialog>
  );
}
