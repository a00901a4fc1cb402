import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { Offer } from '@yaojia/shared';
import { medFromProduct, MY_MEDS_MAX } from '../../lib/my-meds';
import { routes } from '../../lib/routes';
import { useMyMeds } from '../../store/my-meds';
import { Tap } from '../Tap';
import './index.scss';

export interface AddToMyMedsProps {
  /** the product the page is about (none: nothing to add yet) */
  product: Offer['product'] | undefined;
}

/** "加入常用药" on an offers page: puts the product on the device's list, then links to the list. */
export function AddToMyMeds({ product }: AddToMyMedsProps) {
  const [meds, dispatch] = useMyMeds();
  if (!product) return null;
  const added = meds.items.some((m) => m.code === product.code);
  const full = meds.items.length >= MY_MEDS_MAX;
  return (
    <View className='add-mymeds' data-testid='add-mymeds'>
      {added ? (
        <Text className='add-mymeds__done'>已在常用药中</Text>
      ) : (
        <Tap
          kind='secondary'
          small
          disabled={full}
          label='加入常用药'
          onTap={() => {
            // monthly packs from the WHO daily dose of this strength (one a day where there is none)
            dispatch({ type: 'add', med: medFromProduct(product) });
            void Taro.showToast({ title: '已加入常用药', icon: 'none' });
          }}
        >
          {full ? `常用药最多 ${MY_MEDS_MAX} 种` : '加入常用药'}
        </Tap>
      )}
      <Tap kind='plain' small label='查看我的常用药' onTap={() => void Taro.navigateTo({ url: routes.myMeds() })}>
        我的常用药（{meds.items.length}）
      </Tap>
    </View>
  );
}
