import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

export interface FieldProps {
  /** what the field asks, shown above it; left out where the section's title already asks it (the control's ariaLabel names it) */
  label?: ReactNode;
  /** a line of help under the label */
  hint?: ReactNode;
  /** what is wrong, in words, under the control (announced) */
  error?: string | null;
  /**
   * 'field' (default): the error is about this control, in smaller type close under it.
   * 'form': the field just before the form's button, whose error slot carries the answer to the submit
   * (a refused sign-in, a failed request): full-size type, and a button's distance below the field.
   */
  errorFor?: 'field' | 'form';
  /** outline the control in red while there is an error */
  outline?: boolean;
  /** the page's own look for this field (e.g. a larger type for a price) */
  className?: string;
  /** the control (Input, Textarea, Picker…) and anything that belongs under it */
  children: ReactNode;
  testId?: string;
}

/** A labelled form field with its hint and error: one shape for every form (report, my reports, shortage, price edit, sign-in). */
export function Field({ label, hint, error, errorFor = 'field', outline = false, className, children, testId }: FieldProps) {
  const classes = ['field', `field--for-${errorFor}`, error ? 'field--error' : '', outline ? 'field--outline' : '', className ?? ''];
  return (
    <View className={classes.filter(Boolean).join(' ')} data-testid={testId}>
      {label && <Text className='field__label'>{label}</Text>}
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
