import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

export interface FieldProps {
  /** what the field asks, shown above it */
  label: string;
  /** a line of help under the label */
  hint?: ReactNode;
  /** the error for this field, shown under it in words (and announced) */
  error?: string | null;
  /** the input itself (Input, Textarea, Picker…) */
  children: ReactNode;
  testId?: string;
}

/** A labelled form field with its hint and error: one shape for every form (report, shortage, price edit, sign-in). */
export function Field({ label, hint, error, children, testId }: FieldProps) {
  return (
    <View className={`field ${error ? 'field--error' : ''}`} data-testid={testId}>
      <Text className='field__label'>{label}</Text>
      {hint && <Text className='field__hint'>{hint}</Text>}
      <View className='field__control'>{children}</View>
      {error && (
        <View ariaRole='alert'>
          <Text className='field__error'>{error}</Text>
        </View>
      )}
    </View>
  );
}
