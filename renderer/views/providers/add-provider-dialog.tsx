/**
 * Add provider: the provider form, empty. The client secret is typed into a
 * password field, sent once with the add and never shown back (the list
 * says only whether one is stored).
 */
import { ModalDialog } from '../../components/modal-dialog';
import { useActions } from '../../stores/use-app-store';
import { ProviderForm } from './provider-form';
import { configOf, EMPTY_VALUES } from './provider-form-values';

export function AddProviderDialog({ onClose }: { onClose(): void }) {
  const actions = useActions();
  return (
    <ModalDialog title="Add a provider" onClose={onClose}>
      <ProviderForm
        initial={EMPTY_VALUES}
        submitLabel="Add provider"
        busyLabel="Adding…"
        onCancel={onClose}
        onSubmit={async (values, clientSecret) => {
          await actions.addProvider({
            provider: configOf(values),
            ...(clientSecret === null ? {} : { clientSecret }),
          });
          onClose();
        }}
      />
    </ModalDialog>
  );
}
